import Foundation
import Hypervisor
@testable import HypervisorLibvirt
import Testing

/// Hot-plugging DATA disks against a real libvirtd (`CUMULO_TEST_LIBVIRT_URI`), in `qemu` (TCG) domains.
@Suite("Disk hot-plug", .serialized, .enabled(if: TestEnvironment.libvirtURI != nil, "set CUMULO_TEST_LIBVIRT_URI"))
struct DiskHotplugTests {
    var uri: String { TestEnvironment.libvirtURI ?? "" }

    static func disk(_ path: String, target: String) -> DomainDisk {
        DomainDisk(device: .disk, source: .file(path: path), format: "qcow2", target: target, bus: "virtio")
    }

    /// Targets of the hard disks in a domain XML.
    static func diskTargets(_ xml: String) throws -> [String] {
        let document = try XMLInspection.document(xml)
        return XMLInspection.strings(document, "/domain/devices/disk[@device='disk']/target/@dev")
    }

    /// A domain without an operating system runs, but its guest never answers an unplug request: the disk leaves
    /// the definition at once and the running domain only when the guest lets go, which this one never does.
    @Test func disksArePluggedIntoRunningAndStoppedDomains() async throws {
        let domain = "cumulo-test-hp-vm"
        let pool = "cumulo-test-hp-pool"
        let poolPath = testDirectory("cumulo-test-hp-pool")
        let nfsFile = TestEnvironment.nfsExport.map { "\($0.path)/cumulo-test-hp-\(UUID().uuidString.prefix(8).lowercased()).qcow2" }
        try await withDriver(uri, diskRemovalTimeout: .seconds(1)) { driver in
            func cleanup() async {
                await scrubDomain(driver, domain)
                await scrubPool(driver, pool)
                try? FileManager.default.removeItem(atPath: poolPath)
                if let nfsFile { try? FileManager.default.removeItem(atPath: nfsFile) }
            }
            await cleanup()
            try await withCleanup {
                _ = try await driver.ensure(pool: PoolDefinition(name: pool, kind: .directory(path: poolPath)))
                let root = try await driver.createVolume(pool: pool, spec: VolumeDefinition(name: "root", capacityBytes: 64 << 20))
                let data1 = try await driver.createVolume(pool: pool, spec: VolumeDefinition(name: "data-1", capacityBytes: 32 << 20))
                let data2 = try await driver.createVolume(pool: pool, spec: VolumeDefinition(name: "data-2", capacityBytes: 32 << 20))
                try await driver.define(DomainSpec(
                    name: domain, uuid: UUID().uuidString.lowercased(), domainType: "qemu", vcpus: 1, cpuShares: 256, memoryMiB: 96,
                    disks: [Self.disk(root.path, target: "vda"), DomainDisk(device: .cdrom, source: nil, format: "raw", target: "hdc", bus: "ide")],
                    interfaces: [], bootOrder: ["hd"], vncOnLoopback: false))
                try await driver.start(domain: domain)
                #expect(try await eventually(timeout: .seconds(5)) { try await driver.state(domain: domain) == .running })

                // Running: live and in the definition.
                try await driver.attachDisk(domain: domain, disk: Self.disk(data1.path, target: "vdb"))
                let live = try await driver.domainXML(name: domain)
                #expect(try Self.diskTargets(live) == ["vda", "vdb"])
                #expect(live.contains("<source file='\(data1.path)'"))
                #expect(try Self.diskTargets(await driver.domainXML(name: domain, inactive: true)) == ["vda", "vdb"])
                // Again: nothing changes. Another disk at the same target: refused.
                try await driver.attachDisk(domain: domain, disk: Self.disk(data1.path, target: "vdb"))
                #expect(try Self.diskTargets(await driver.domainXML(name: domain)) == ["vda", "vdb"])
                await #expect(throws: HypervisorError.self) {
                    try await driver.attachDisk(domain: domain, disk: Self.disk(data2.path, target: "vdb"))
                }

                // A disk qemu opens over NFS itself, as volumes of user-space NFS pools are.
                if let (server, _) = TestEnvironment.nfsExport, let nfsFile {
                    let created = try await runCommand("/usr/bin/qemu-img", ["create", "-q", "-f", "qcow2", "nfs://\(server)\(nfsFile)", "16M"])
                    try #require(created.status == 0, "qemu-img: \(created.output)")
                    try await driver.attachDisk(domain: domain, disk: DomainDisk(device: .disk, source: .nfs(server: server, path: nfsFile),
                                                                                 format: "qcow2", target: "vdc", bus: "virtio"))
                    let withNFS = try await driver.domainXML(name: domain)
                    #expect(withNFS.contains("protocol='nfs'") && withNFS.contains("name='\(nfsFile)'"))
                    #expect(try Self.diskTargets(withNFS) == ["vda", "vdb", "vdc"])
                }

                // This guest cannot release the disk: the detach fails, the definition no longer has it.
                do {
                    try await driver.detachDisk(domain: domain, target: "vdb")
                    Issue.record("a guest without an operating system released a hot-plugged disk")
                } catch let error as HypervisorError {
                    #expect(error.kind == .failed)
                    #expect(error.message.contains("has not released disk vdb"), "\(error.message)")
                }
                #expect(try Self.diskTargets(await driver.domainXML(name: domain)).contains("vdb"))
                #expect(try !Self.diskTargets(await driver.domainXML(name: domain, inactive: true)).contains("vdb"))

                // Stopped: only the definition changes.
                try await driver.destroy(domain: domain)
                #expect(try await driver.state(domain: domain) == .shutOff)
                try await driver.attachDisk(domain: domain, disk: Self.disk(data2.path, target: "vdd"))
                let defined = try await driver.domainXML(name: domain, inactive: true)
                #expect(try Self.diskTargets(defined).contains("vdd"))
                #expect(defined.contains("<source file='\(data2.path)'"))
                #expect(try await driver.state(domain: domain) == .shutOff)
                try await driver.detachDisk(domain: domain, target: "vdd")
                #expect(try !Self.diskTargets(await driver.domainXML(name: domain, inactive: true)).contains("vdd"))
                // Nothing there, or a CD-ROM drive there: nothing to do.
                try await driver.detachDisk(domain: domain, target: "vdd")
                try await driver.detachDisk(domain: domain, target: "hdc")
                #expect(try XMLInspection.cdromDrives(domainXML: await driver.domainXML(name: domain, inactive: true)).map(\.target) == ["hdc"])

                await #expect(throws: HypervisorError.self) {
                    try await driver.attachDisk(domain: "cumulo-test-hp-ghost", disk: Self.disk(data2.path, target: "vdb"))
                }
                try await driver.undefine(domain: domain)
            } cleanup: {
                await cleanup()
            }
        }
    }

    /// A Linux guest (the test ISO of scripts/build-test-iso.sh) sees a hot-plugged disk and lets it go again.
    @Test(.enabled(if: TestEnvironment.testISO != nil, "build the test ISO (scripts/build-test-iso.sh) or set CUMULO_TEST_ISO"))
    func aBootedGuestReadsAndReleasesAHotPluggedDisk() async throws {
        let iso = try #require(TestEnvironment.testISO)
        let domain = "cumulo-test-hp-guest"
        let pool = "cumulo-test-hp-guest-pool"
        let poolPath = testDirectory("cumulo-test-hp-guest-pool")
        try await withDriver(uri, diskRemovalTimeout: .seconds(30)) { driver in
            func cleanup() async {
                await scrubDomain(driver, domain)
                await scrubPool(driver, pool)
                try? FileManager.default.removeItem(atPath: poolPath)
            }
            await cleanup()
            try await withCleanup {
                _ = try await driver.ensure(pool: PoolDefinition(name: pool, kind: .directory(path: poolPath)))
                let data = try await driver.createVolume(pool: pool, spec: VolumeDefinition(name: "data-1", capacityBytes: 32 << 20))
                try await driver.define(DomainSpec(
                    name: domain, uuid: UUID().uuidString.lowercased(), domainType: "qemu", vcpus: 1, cpuShares: 256, memoryMiB: 256,
                    disks: [DomainDisk(device: .cdrom, source: .file(path: iso), format: "raw", target: "hdc", bus: "ide")],
                    interfaces: [], bootOrder: ["cdrom"], vncOnLoopback: false))
                try await driver.start(domain: domain)
                try await driver.attachDisk(domain: domain, disk: Self.disk(data.path, target: "vdb"))
                // The guest's virtio_blk driver reads the new disk's partition table once the kernel runs.
                let read = try await eventually(timeout: .seconds(180)) {
                    let stats = try await runCommand("/usr/bin/virsh", ["-c", uri, "domblkstat", domain, "vdb"])
                    let requests = stats.output.firstMatch(of: /vdb rd_req (\d+)/).flatMap { Int($0.1) } ?? 0
                    return requests > 0
                }
                try #require(read, "the guest did not read the hot-plugged disk")
                try await driver.detachDisk(domain: domain, target: "vdb")
                #expect(try Self.diskTargets(await driver.domainXML(name: domain)).isEmpty)
                #expect(try Self.diskTargets(await driver.domainXML(name: domain, inactive: true)).isEmpty)
                #expect(try await driver.state(domain: domain) == .running)
            } cleanup: {
                await cleanup()
            }
        }
    }
}
