import AgentProtocol
@testable import AgentRuntime
import Foundation
import Hypervisor
import HypervisorSimulator
import Testing

@Suite("Storage router")
struct StorageRouterTests {
    let nfs = PoolSpec(poolId: "nfs1", kind: .nfs, server: "192.0.2.5", path: "/export/primary")
    let local = PoolSpec(poolId: "local1", kind: .localDirectory, server: "", path: "/var/lib/local")

    /// A probe over files written for the test: `filesystems` lists what the kernel knows.
    func probe(filesystems: String?, helper: Bool, module: Bool = true) throws -> (KernelNFSProbe, String) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("nfs-probe-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        if let filesystems {
            try filesystems.write(toFile: directory + "/filesystems", atomically: true, encoding: .utf8)
        }
        if helper {
            FileManager.default.createFile(atPath: directory + "/mount.nfs", contents: Data("#!/bin/true\n".utf8),
                                           attributes: [.posixPermissions: 0o755])
        }
        if module {
            try FileManager.default.createDirectory(atPath: directory + "/modules/kernel/fs/nfs", withIntermediateDirectories: true)
            FileManager.default.createFile(atPath: directory + "/modules/kernel/fs/nfs/nfs.ko.xz", contents: Data())
        }
        return (KernelNFSProbe(filesystemsPath: directory + "/filesystems", mountHelperPath: directory + "/mount.nfs",
                               modulesDirectory: directory + "/modules"), directory)
    }

    @Test func kernelNFSIsDetectedFromFilesystemsOrTheMountHelper() throws {
        let (listed, a) = try probe(filesystems: "nodev\tsysfs\n\text4\nnodev\tnfs\nnodev\tnfs4\n", helper: false)
        let (helperOnly, b) = try probe(filesystems: "nodev\tsysfs\n\text4\n", helper: true)
        let (neither, c) = try probe(filesystems: "nodev\tsysfs\n\text4\nnodev\tnfsd\n", helper: false)
        let (helperWithoutModule, d) = try probe(filesystems: "nodev\tsysfs\n", helper: true, module: false)
        defer { [a, b, c, d].forEach { try? FileManager.default.removeItem(atPath: $0) } }
        #expect(listed.isAvailable())
        #expect(helperOnly.isAvailable())
        #expect(!helperWithoutModule.isAvailable(), "a kernel without NFS ships mount.nfs too")
        #expect(!neither.isAvailable())

        #expect(NFSAccess.resolve(.auto, userspaceAvailable: true, probe: listed) == .kernel)
        #expect(NFSAccess.resolve(.auto, userspaceAvailable: true, probe: neither) == .userspace)
        #expect(NFSAccess.resolve(.auto, userspaceAvailable: false, probe: neither) == .kernel)
        #expect(NFSAccess.resolve(.kernel, userspaceAvailable: true, probe: neither) == .kernel)
        #expect(NFSAccess.resolve(.userspace, userspaceAvailable: true, probe: listed) == .userspace)
        #expect(NFSAccess.resolve(.userspace, userspaceAvailable: false, probe: listed) == .kernel)
    }

    @Test func userspaceRouterSendsOnlyNFSPoolsToTheUserspaceClient() async throws {
        let pools = RecordingStorage("pools")
        let userspace = RecordingStorage("userspace")
        let router = StorageRouter(pools: pools, userspaceNFS: userspace, nfsAccess: .userspace)
        #expect(router.route(for: nfs) == .userspaceNFS)
        #expect(router.route(for: local) == .pools)

        _ = try await router.attach(nfs)
        _ = try await router.attach(local)
        _ = try await router.createVolume(VolumeSpec(poolId: "nfs1", name: "v1", sizeBytes: 1))
        _ = try await router.createVolume(VolumeSpec(poolId: "local1", name: "v2", sizeBytes: 1))
        #expect(try await router.diskLocation(poolId: "nfs1", name: "v1") == .nfs(server: "server", path: "/export/v1"))
        _ = try await router.resizeVolume(poolId: "nfs1", name: "v1", sizeBytes: 2)
        try await router.deleteVolume(poolId: "nfs1", name: "v1")
        _ = await router.report(poolId: "nfs1")
        #expect(await router.attachedPoolIds() == ["local1", "nfs1"])
        try await router.detach(poolId: "nfs1")

        #expect(userspace.recorded == ["attach nfs1", "create nfs1/v1", "location nfs1/v1", "resize nfs1/v1", "delete nfs1/v1", "report nfs1", "detach nfs1"])
        #expect(pools.recorded == ["attach local1", "create local1/v2"])
        #expect(await router.attachedPoolIds() == ["local1"])
        #expect(router.route(ofPool: "nfs1") == nil)
    }

    @Test func kernelRouterKeepsNFSPoolsInLibvirt() async throws {
        let pools = RecordingStorage("pools")
        let userspace = RecordingStorage("userspace")
        let router = StorageRouter(pools: pools, userspaceNFS: userspace, nfsAccess: .kernel)
        _ = try await router.attach(nfs)
        #expect(router.route(ofPool: "nfs1") == .pools)
        #expect(userspace.recorded.isEmpty)
        #expect(pools.recorded == ["attach nfs1"])
    }

    @Test func unknownPoolsAreNotAttached() async throws {
        let router = StorageRouter(pools: RecordingStorage("pools"), userspaceNFS: nil, nfsAccess: .userspace)
        #expect(router.nfsAccess == .kernel)
        await #expect(throws: StorageError.notAttached(poolId: "x")) {
            _ = try await router.createVolume(VolumeSpec(poolId: "x", name: "v", sizeBytes: 1))
        }
        #expect(await router.report(poolId: "x").error == "pool x is not attached on this host")
        try await router.detach(poolId: "x")
    }

    @Test func routerOverASimulatorKeepsEverythingInItsPools() async throws {
        let (neither, directory) = try probe(filesystems: "nodev\tsysfs\n", helper: false)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let userspace = RecordingStorage("userspace")
        let simulated = StorageRouter(driver: SimulatedDriver(), mountRoot: "/mnt", preference: .userspace, userspaceNFS: userspace, probe: neither)
        #expect(simulated.nfsAccess == .kernel)
        _ = try await simulated.attach(nfs)
        #expect(userspace.recorded.isEmpty)
    }

    @Test func runtimeReportsTheRoutersNFSAccess() async throws {
        let router = StorageRouter(pools: RecordingStorage("pools"), userspaceNFS: RecordingStorage("userspace"), nfsAccess: .userspace)
        let runtime = AgentRuntime(driver: SimulatedDriver(), storage: router, configuration: AgentRuntimeConfiguration(), logger: quietLogger())
        #expect(try await runtime.startupReport().nfsAccess == "userspace")
    }

    @Test func startVMResolvesUserspaceNFSVolumesToNFSLocations() async throws {
        let driver = SimulatedDriver()
        let userspace = RecordingStorage("userspace")
        let router = StorageRouter(pools: LibvirtPoolStorage(driver: driver), userspaceNFS: userspace, nfsAccess: .userspace)
        let runtime = AgentRuntime(driver: driver, storage: router, configuration: AgentRuntimeConfiguration(), logger: quietLogger())
        _ = await runtime.handle(.attachPool(nfs))
        _ = await runtime.handle(.ensureNetwork(guestNetwork()))
        let spec = vmSpec(disks: [DiskSpec(kind: .disk, source: .volume(poolId: "nfs1", name: "root"), deviceId: 0)])
        #expect(await runtime.handle(.startVM(spec)) == .success(.vm(VMPowerReport(name: "i-2-10-VM", state: .running, vncPort: 5900))))
        #expect(driver.domainSpec("i-2-10-VM")?.disks.first?.source == .nfs(server: "server", path: "/export/root"))
    }
}
