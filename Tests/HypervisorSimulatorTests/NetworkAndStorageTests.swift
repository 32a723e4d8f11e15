import Hypervisor
import HypervisorSimulator
import Testing

@Suite("Simulated networks and storage")
struct NetworkAndStorageTests {
    let network = NetworkSpec(name: "cumulo-net1", bridge: "cbr1", address: "10.1.0.1", netmask: "255.255.255.0",
                              hosts: [DHCPHost(mac: "52:54:00:00:00:01", ip: "10.1.0.10", name: "web")])

    @Test func networksAreEnsuredListedAndRemoved() async throws {
        let driver = SimulatedDriver()
        try await driver.ensure(network: network)
        var updated = network
        updated.hosts.append(DHCPHost(mac: "52:54:00:00:00:02", ip: "10.1.0.11", name: "db"))
        try await driver.ensure(network: updated)
        #expect(try await driver.listNetworks() == ["cumulo-net1"])
        #expect(driver.network("cumulo-net1")?.hosts.count == 2)
        try await driver.remove(network: "cumulo-net1")
        try await driver.remove(network: "cumulo-net1")
        #expect(try await driver.listNetworks().isEmpty)
    }

    @Test func bridgesAreValidatedAndNotShared() async throws {
        let driver = SimulatedDriver()
        try await driver.ensure(network: network)
        var other = network
        other.name = "cumulo-net2"
        #expect(await errorKind { try await driver.ensure(network: other) } == .invalidOperation)
        other.bridge = "a-bridge-name-too-long"
        #expect(await errorKind { try await driver.ensure(network: other) } == .invalidArgument)
    }

    @Test func domainsNeedTheirNetworksToStart() async throws {
        let driver = SimulatedDriver()
        try await driver.define(domainSpec("vm-1", network: "cumulo-net1"))
        #expect(await errorKind { try await driver.start(domain: "vm-1") } == .noNetwork)
        try await driver.ensure(network: network)
        try await driver.start(domain: "vm-1")
    }

    @Test func poolsReportCapacityAndVolumesConsumeIt() async throws {
        let driver = SimulatedDriver()
        let pool = PoolDefinition(name: "cumulo-p1", kind: .directory(path: "/data/p1"))
        let empty = try await driver.ensure(pool: pool)
        #expect(empty == PoolCapacity(capacityBytes: 1 << 40, allocationBytes: 0, availableBytes: 1 << 40))
        #expect(try await driver.ensure(pool: pool) == empty)

        let volume = try await driver.createVolume(pool: "cumulo-p1", spec: VolumeDefinition(name: "root", capacityBytes: 10 << 30))
        #expect(volume.path == "/data/p1/root")
        #expect(volume.capacityBytes == 10 << 30)
        let used = try await driver.refresh(pool: "cumulo-p1")
        #expect(used.allocationBytes == 10 << 30)
        #expect(used.availableBytes == (1 << 40) - (10 << 30))
        #expect(await errorKind { _ = try await driver.createVolume(pool: "cumulo-p1", spec: VolumeDefinition(name: "root", capacityBytes: 1)) } == .invalidOperation)
        #expect(try await driver.listVolumes(pool: "cumulo-p1").map(\.name) == ["root"])
    }

    @Test func capacityIsConfigurableAndEnforced() async throws {
        let driver = SimulatedDriver(defaultPoolCapacityBytes: 100 << 30)
        driver.setCapacity(ofPoolAt: "/small", bytes: 5 << 30)
        _ = try await driver.ensure(pool: PoolDefinition(name: "big", kind: .directory(path: "/big")))
        let small = try await driver.ensure(pool: PoolDefinition(name: "small", kind: .directory(path: "/small")))
        #expect(small.capacityBytes == 5 << 30)
        #expect(try await driver.refresh(pool: "big").capacityBytes == 100 << 30)
        #expect(await errorKind { _ = try await driver.createVolume(pool: "small", spec: VolumeDefinition(name: "v", capacityBytes: 6 << 30)) } == .failed)
        _ = try await driver.createVolume(pool: "small", spec: VolumeDefinition(name: "v", capacityBytes: 4 << 30))
        #expect(await errorKind { try await driver.resizeVolume(pool: "small", name: "v", capacityBytes: 6 << 30) } == .failed)
    }

    @Test func volumesResizeUpOnlyAndDelete() async throws {
        let driver = SimulatedDriver()
        _ = try await driver.ensure(pool: PoolDefinition(name: "p", kind: .directory(path: "/p")))
        _ = try await driver.createVolume(pool: "p", spec: VolumeDefinition(name: "v", capacityBytes: 1 << 30, format: "raw"))
        try await driver.resizeVolume(pool: "p", name: "v", capacityBytes: 2 << 30)
        #expect(try await driver.volume(pool: "p", name: "v")?.capacityBytes == 2 << 30)
        #expect(await errorKind { try await driver.resizeVolume(pool: "p", name: "v", capacityBytes: 1 << 30) } == .invalidArgument)
        try await driver.deleteVolume(pool: "p", name: "v")
        #expect(try await driver.volume(pool: "p", name: "v") == nil)
        #expect(await errorKind { try await driver.deleteVolume(pool: "p", name: "v") } == .noVolume)
    }

    @Test func overlaysTrackTheirBackingImage() async throws {
        let driver = SimulatedDriver()
        _ = try await driver.ensure(pool: PoolDefinition(name: "p", kind: .directory(path: "/p")))
        let template = try await driver.createVolume(pool: "p", spec: VolumeDefinition(name: "template", capacityBytes: 2 << 30))
        _ = try await driver.createVolume(pool: "p", spec: VolumeDefinition(name: "root", capacityBytes: 20 << 30, backingPath: template.path, backingFormat: "qcow2"))
        let backing = driver.backing(pool: "p", volume: "root")
        #expect(backing?.path == "/p/template")
        #expect(backing?.format == "qcow2")
        #expect(driver.backing(pool: "p", volume: "template") == nil)
        #expect(await errorKind { _ = try await driver.createVolume(pool: "p", spec: VolumeDefinition(name: "x", capacityBytes: 1, backingPath: "/nowhere")) } == .noVolume)
        #expect(await errorKind { _ = try await driver.createVolume(pool: "p", spec: VolumeDefinition(name: "y", capacityBytes: 1, format: "raw", backingPath: template.path)) } == .invalidArgument)
    }

    @Test func volumesOutliveTheirPoolDefinition() async throws {
        let driver = SimulatedDriver()
        let pool = PoolDefinition(name: "cumulo-nfs", kind: .netfs(server: "nfs.example", exportPath: "/export", mountPoint: "/mnt/nfs"))
        _ = try await driver.ensure(pool: pool)
        #expect(driver.poolDefinition("cumulo-nfs") == pool)
        let volume = try await driver.createVolume(pool: "cumulo-nfs", spec: VolumeDefinition(name: "v", capacityBytes: 1 << 30))
        #expect(volume.path == "/mnt/nfs/v")
        try await driver.remove(pool: "cumulo-nfs")
        try await driver.remove(pool: "cumulo-nfs")
        #expect(await errorKind { _ = try await driver.refresh(pool: "cumulo-nfs") } == .noPool)
        #expect(await errorKind { _ = try await driver.volume(pool: "cumulo-nfs", name: "v") } == .noPool)
        _ = try await driver.ensure(pool: pool)
        #expect(try await driver.volume(pool: "cumulo-nfs", name: "v") == volume)
    }

    @Test func poolFaultsMakeOnePoolUnreachable() async throws {
        let driver = SimulatedDriver()
        _ = try await driver.ensure(pool: PoolDefinition(name: "good", kind: .directory(path: "/good")))
        driver.setPoolFault("bad", HypervisorError(.failed, "mount.nfs: Connection timed out"))
        #expect(await errorKind { _ = try await driver.ensure(pool: PoolDefinition(name: "bad", kind: .directory(path: "/bad"))) } == .failed)
        #expect(try await driver.refresh(pool: "good").capacityBytes == 1 << 40)
        driver.setPoolFault("bad", nil)
        _ = try await driver.ensure(pool: PoolDefinition(name: "bad", kind: .directory(path: "/bad")))
    }

    @Test func twoPoolsCannotShareAPath() async throws {
        let driver = SimulatedDriver()
        _ = try await driver.ensure(pool: PoolDefinition(name: "a", kind: .directory(path: "/same")))
        #expect(await errorKind { _ = try await driver.ensure(pool: PoolDefinition(name: "b", kind: .directory(path: "/same"))) } == .invalidOperation)
    }
}
