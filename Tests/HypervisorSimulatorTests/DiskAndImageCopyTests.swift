import Hypervisor
import HypervisorSimulator
import Testing

@Suite("Simulated hot-plugged disks and image copies")
struct DiskAndImageCopyTests {
    let data = DomainDisk(device: .disk, source: .file(path: "/pool/data-1"), format: "qcow2", target: "vdb", bus: "virtio")

    @Test func disksAreAttachedOnceAndDetached() async throws {
        let driver = SimulatedDriver()
        try await driver.define(domainSpec("vm-1", cdrom: true))
        try await driver.start(domain: "vm-1")
        try await driver.attachDisk(domain: "vm-1", disk: data)
        #expect(driver.domainSpec("vm-1")?.disks.map(\.target) == ["vda", "hdc", "vdb"])
        // The same disk again changes nothing; another one at its target is refused.
        try await driver.attachDisk(domain: "vm-1", disk: data)
        #expect(driver.domainSpec("vm-1")?.disks.filter { $0.target == "vdb" } == [data])
        var other = data
        other.source = .nfs(server: "192.0.2.5", path: "/export/data-2")
        #expect(await errorKind { try await driver.attachDisk(domain: "vm-1", disk: other) } == .invalidOperation)

        try await driver.detachDisk(domain: "vm-1", target: "vdb")
        #expect(driver.domainSpec("vm-1")?.disks.map(\.target) == ["vda", "hdc"])
        // Nothing there, or a CD-ROM drive there: nothing to unplug.
        try await driver.detachDisk(domain: "vm-1", target: "vdb")
        try await driver.detachDisk(domain: "vm-1", target: "hdc")
        #expect(driver.domainSpec("vm-1")?.disks.map(\.target) == ["vda", "hdc"])
        #expect(driver.domainState("vm-1") == .running)
    }

    @Test func diskFaultsAndMissingDomains() async throws {
        let driver = SimulatedDriver()
        #expect(await errorKind { try await driver.attachDisk(domain: "ghost", disk: data) } == .noDomain)
        #expect(await errorKind { try await driver.detachDisk(domain: "ghost", target: "vdb") } == .noDomain)
        try await driver.define(domainSpec("vm-1"))
        try await driver.attachDisk(domain: "vm-1", disk: data)
        driver.failNext(.detachDisk, with: HypervisorError(.failed, "the guest has not released disk vdb"))
        #expect(await errorKind { try await driver.detachDisk(domain: "vm-1", target: "vdb") } == .failed)
        #expect(driver.domainSpec("vm-1")?.disks.contains(data) == true)
        #expect(driver.callCount(.detachDisk) == 2)
    }

    @Test func imageCopiesTakeTheLargerSizeAndAreNotRepeated() async throws {
        let driver = SimulatedDriver()
        _ = try await driver.ensure(pool: PoolDefinition(name: "cumulo-p1", kind: .directory(path: "/data/p1")))
        let template = "nfs://192.0.2.9/export/secondary/template/tmpl/5/5.qcow2"
        driver.setImage(at: template, virtualSizeBytes: 8 << 30)

        let copy = try await driver.copyImage(template, pool: "cumulo-p1", name: "template-5", minimumCapacityBytes: 0)
        #expect(copy == VolumeInfo(name: "template-5", path: "/data/p1/template-5", capacityBytes: 8 << 30, allocationBytes: 8 << 30))
        #expect(driver.sourceImage(pool: "cumulo-p1", volume: "template-5") == template)
        // Exists: returned as it is, whatever size is asked.
        #expect(try await driver.copyImage(template, pool: "cumulo-p1", name: "template-5", minimumCapacityBytes: 20 << 30) == copy)

        let larger = try await driver.copyImage(template, pool: "cumulo-p1", name: "template-5-big", minimumCapacityBytes: 20 << 30)
        #expect(larger.capacityBytes == 20 << 30)
        let unknown = try await driver.copyImage("/images/unknown.raw", pool: "cumulo-p1", name: "copy-3", minimumCapacityBytes: 1 << 30)
        #expect(unknown.capacityBytes == 1 << 30)
        #expect(driver.sourceImage(pool: "cumulo-p1", volume: "copy-3") == "/images/unknown.raw")

        // An overlay on the copy uses it as its backing image.
        _ = try await driver.createVolume(pool: "cumulo-p1", spec: VolumeDefinition(
            name: "root-10", capacityBytes: 10 << 30, backingPath: copy.path, backingFormat: "qcow2"))
        #expect(driver.backing(pool: "cumulo-p1", volume: "root-10")?.path == "/data/p1/template-5")
    }

    @Test func imageCopyFailures() async throws {
        let driver = SimulatedDriver(defaultPoolCapacityBytes: 4 << 30)
        _ = try await driver.ensure(pool: PoolDefinition(name: "cumulo-p1", kind: .directory(path: "/data/p1")))
        #expect(await errorKind { _ = try await driver.copyImage("/i.qcow2", pool: "cumulo-p1", name: "c", minimumCapacityBytes: 0) } == .invalidArgument)
        #expect(await errorKind { _ = try await driver.copyImage("/i.qcow2", pool: "cumulo-p1", name: ".c", minimumCapacityBytes: 1) } == .invalidArgument)
        #expect(await errorKind { _ = try await driver.copyImage("/i.qcow2", pool: "cumulo-p1", name: "c", minimumCapacityBytes: 5 << 30) } == .failed)
        #expect(await errorKind { _ = try await driver.copyImage("/i.qcow2", pool: "cumulo-nope", name: "c", minimumCapacityBytes: 1) } == .noPool)
        driver.failNext(.copyImage, with: HypervisorError(.failed, "qemu-img convert failed"))
        #expect(await errorKind { _ = try await driver.copyImage("/i.qcow2", pool: "cumulo-p1", name: "c", minimumCapacityBytes: 1) } == .failed)
        #expect(try await driver.listVolumes(pool: "cumulo-p1").isEmpty)
        _ = try await driver.copyImage("/i.qcow2", pool: "cumulo-p1", name: "c", minimumCapacityBytes: 1 << 30)
        #expect(try await driver.listVolumes(pool: "cumulo-p1").map(\.name) == ["c"])
    }
}
