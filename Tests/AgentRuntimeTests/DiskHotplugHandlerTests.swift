import AgentProtocol
import Foundation
@testable import AgentRuntime
import Hypervisor
import HypervisorSimulator
import Testing

@Suite("Disk hot-plug commands")
struct DiskHotplugHandlerTests {
    /// A running VM i-2-10-VM with its root disk and an empty CD-ROM drive, and two data volumes on pool1.
    func running() async throws -> Harness {
        let harness = Harness()
        try await harness.localPool(volumes: ["i-2-10-VM-root", "data-1", "data-2"])
        try await harness.network()
        try await harness.run(.startVM(vmSpec(disks: [
            DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "i-2-10-VM-root"), deviceId: 0),
            DiskSpec(kind: .cdrom, source: nil, deviceId: 3),
        ])))
        return harness
    }

    func disks(_ harness: Harness) -> [DomainDisk] {
        harness.driver.domainSpec("i-2-10-VM")?.disks.filter { $0.device == .disk } ?? []
    }

    @Test func attachPutsTheVolumeAtTheTargetOfItsDeviceId() async throws {
        let harness = try await running()
        defer { harness.cleanUp() }
        let result = try await harness.run(.attachDisk(vmName: "i-2-10-VM",
                                                      disk: DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "data-2"), deviceId: 2)))
        #expect(result == .done)
        #expect(disks(harness).last == DomainDisk(device: .disk, source: .file(path: "/var/lib/pools/pool1/data-2"), format: "qcow2",
                                                  target: "vdc", bus: "virtio"))
        // Attaching the same disk again (a retried command) changes nothing.
        try await harness.run(.attachDisk(vmName: "i-2-10-VM", disk: DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "data-2"), deviceId: 2)))
        #expect(disks(harness).map(\.target) == ["vda", "vdc"])
        // Another volume at a taken device id is refused.
        let clash = await harness.failure(.attachDisk(vmName: "i-2-10-VM",
                                                      disk: DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "data-1"), deviceId: 2)))
        #expect(clash == "cannot attach disk 2 to VM i-2-10-VM: domain 'i-2-10-VM' has another device at vdc")
        #expect(harness.driver.domainState("i-2-10-VM") == .running)
    }

    @Test func detachRemovesTheDiskAndToleratesAnEmptySlot() async throws {
        let harness = try await running()
        defer { harness.cleanUp() }
        try await harness.run(.attachDisk(vmName: "i-2-10-VM", disk: DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "data-1"), deviceId: 1)))
        try await harness.run(.attachDisk(vmName: "i-2-10-VM", disk: DiskSpec(kind: .disk, source: .image(location: "/var/lib/images/extra.raw"), deviceId: 4, readOnly: true)))
        #expect(disks(harness).map(\.target) == ["vda", "vdb", "vde"])
        #expect(disks(harness).last?.format == "raw")
        #expect(disks(harness).last?.readOnly == true)

        #expect(try await harness.run(.detachDisk(vmName: "i-2-10-VM", deviceId: 1)) == .done)
        #expect(disks(harness).map(\.target) == ["vda", "vde"])
        try await harness.run(.detachDisk(vmName: "i-2-10-VM", deviceId: 1))
        try await harness.run(.detachDisk(vmName: "i-2-10-VM", deviceId: 7))
        #expect(disks(harness).map(\.target) == ["vda", "vde"])
        // The CD-ROM drive is not a disk slot.
        #expect(harness.driver.domainSpec("i-2-10-VM")?.disks.contains { $0.device == .cdrom } == true)
    }

    @Test func aStoppedVMChangesItsDefinition() async throws {
        let harness = try await running()
        defer { harness.cleanUp() }
        try await harness.run(.stopVM(name: "i-2-10-VM", force: true, timeoutSeconds: 1))
        try await harness.run(.attachDisk(vmName: "i-2-10-VM", disk: DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "data-1"), deviceId: 1)))
        #expect(disks(harness).map(\.target) == ["vda", "vdb"])
        #expect(harness.driver.domainState("i-2-10-VM") == .shutOff)
        try await harness.run(.detachDisk(vmName: "i-2-10-VM", deviceId: 1))
        #expect(disks(harness).map(\.target) == ["vda"])
    }

    @Test func volumesOfUserspaceNFSPoolsBecomeNetworkDisks() async throws {
        let storage = StorageRouter(pools: RecordingStorage("pools"), userspaceNFS: RecordingStorage("nfs"), nfsAccess: .userspace)
        let harness = Harness(storage: storage)
        defer { harness.cleanUp() }
        try await harness.run(.attachPool(PoolSpec(poolId: "nfs1", kind: .nfs, server: "192.0.2.5", path: "/export/primary")))
        try await harness.network()
        try await harness.run(.startVM(vmSpec(disks: [DiskSpec(kind: .disk, source: .volume(poolId: "nfs1", name: "root"), deviceId: 0)])))
        try await harness.run(.attachDisk(vmName: "i-2-10-VM", disk: DiskSpec(kind: .disk, source: .volume(poolId: "nfs1", name: "data-9"), deviceId: 1)))
        #expect(disks(harness).last == DomainDisk(device: .disk, source: .nfs(server: "server", path: "/export/data-9"), format: "qcow2",
                                                  target: "vdb", bus: "virtio"))
    }

    @Test func failuresAreReported() async throws {
        let harness = try await running()
        defer { harness.cleanUp() }
        #expect(await harness.failure(.attachDisk(vmName: "ghost", disk: DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "data-1"), deviceId: 1)))
                == "cannot attach disk 1 to VM ghost: domain 'ghost' not found")
        #expect(await harness.failure(.attachDisk(vmName: "i-2-10-VM", disk: DiskSpec(kind: .cdrom, source: .image(location: "/x.iso"), deviceId: 3)))
                == "cannot attach disk 3 to VM i-2-10-VM: a CD-ROM drive cannot be attached; attach an ISO instead")
        #expect(await harness.failure(.attachDisk(vmName: "i-2-10-VM", disk: DiskSpec(kind: .disk, source: nil, deviceId: 1)))
                == "cannot attach disk 1 to VM i-2-10-VM: disk 1 has no source")
        #expect(await harness.failure(.attachDisk(vmName: "i-2-10-VM", disk: DiskSpec(kind: .disk, source: .volume(poolId: "nowhere", name: "v"), deviceId: 1)))
                == "cannot attach disk 1 to VM i-2-10-VM: pool nowhere is not attached on this host")
        #expect(await harness.failure(.attachDisk(vmName: "i-2-10-VM", disk: DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "data-1"), deviceId: -1)))?
            .contains("outside") == true)
        #expect(await harness.failure(.detachDisk(vmName: "ghost", deviceId: 1)) == "cannot detach disk 1 from VM ghost: domain 'ghost' not found")
        try await harness.run(.attachDisk(vmName: "i-2-10-VM", disk: DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "data-1"), deviceId: 1)))
        harness.driver.failNext(.detachDisk, with: HypervisorError(.failed, "the guest has not released disk vdb"))
        #expect(await harness.failure(.detachDisk(vmName: "i-2-10-VM", deviceId: 1))
                == "cannot detach disk 1 from VM i-2-10-VM: the guest has not released disk vdb")
        #expect(disks(harness).map(\.target) == ["vda", "vdb"])
    }

    @Test func disksKeepTheTargetOfTheirDeviceIdAcrossRestarts() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        try await harness.localPool(volumes: ["i-2-10-VM-root", "data-1", "data-2"])
        try await harness.network()
        // Device 1 was detached earlier: device 2 stays vdc, where a later detach of device 2 looks for it.
        try await harness.run(.startVM(vmSpec(disks: [
            DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "data-2"), deviceId: 2),
            DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "i-2-10-VM-root"), deviceId: 0),
        ])))
        #expect(disks(harness).map(\.target) == ["vda", "vdc"])
        try await harness.run(.detachDisk(vmName: "i-2-10-VM", deviceId: 2))
        #expect(disks(harness).map(\.target) == ["vda"])

        let twice = await harness.failure(.startVM(vmSpec("i-2-11-VM", disks: [
            DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "data-1"), deviceId: 1),
            DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "data-2"), deviceId: 1),
        ])))
        #expect(twice == "cannot start VM i-2-11-VM: two disks have device id 1")
    }

    @Test func diskTargets() throws {
        #expect(try DomainSpecBuilder.diskTarget(deviceId: 0) == "vda")
        #expect(try DomainSpecBuilder.diskTarget(deviceId: 1) == "vdb")
        #expect(try DomainSpecBuilder.diskTarget(deviceId: 26) == "vdaa")
        #expect(try DomainSpecBuilder.diskTarget(deviceId: DomainSpecBuilder.maximumDiskDeviceId - 1) == "vdzz")
        #expect(throws: (any Error).self) { try DomainSpecBuilder.diskTarget(deviceId: -1) }
        #expect(throws: (any Error).self) { try DomainSpecBuilder.diskTarget(deviceId: DomainSpecBuilder.maximumDiskDeviceId) }
    }

    @Test func commandsRoundTripThroughJSON() throws {
        let commands: [AgentCommand] = [
            .attachDisk(vmName: "i-2-10-VM", disk: DiskSpec(kind: .disk, source: .volume(poolId: "p1", name: "v"), deviceId: 1)),
            .detachDisk(vmName: "i-2-10-VM", deviceId: 1),
            .createVolume(VolumeSpec(poolId: "p1", name: "template-5", sizeBytes: 0, sourceImage: "nfs://10.0.0.5/export/t/5.qcow2")),
        ]
        for command in commands {
            let data = try JSONEncoder().encode(command)
            #expect(try JSONDecoder().decode(AgentCommand.self, from: data) == command)
        }
        // A volume spec from before source images decodes with none.
        let old = #"{"poolId":"p1","name":"v","sizeBytes":5,"format":"qcow2"}"#
        #expect(try JSONDecoder().decode(VolumeSpec.self, from: Data(old.utf8)).sourceImage == nil)
    }
}
