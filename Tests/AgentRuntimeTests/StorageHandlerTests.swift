import AgentProtocol
@testable import AgentRuntime
import Hypervisor
import HypervisorSimulator
import Testing

@Suite("Pool and volume commands")
struct StorageHandlerTests {
    @Test func attachPoolReportsCapacityAndDefinesADirectoryPool() async throws {
        let driver = SimulatedDriver()
        driver.setCapacity(ofPoolAt: "/srv/primary", bytes: 500 << 30)
        let harness = Harness(driver: driver)
        defer { harness.cleanUp() }
        let result = try await harness.run(.attachPool(PoolSpec(poolId: "p1", kind: .sharedMountPoint, server: "", path: "/srv/primary")))
        #expect(result == .pool(PoolReport(poolId: "p1", capacityBytes: 500 << 30, usedBytes: 0, availableBytes: 500 << 30, allocatedBytes: 0)))
        #expect(driver.poolDefinition("cumulo-p1") == PoolDefinition(name: "cumulo-p1", kind: .directory(path: "/srv/primary")))
        try await harness.run(.detachPool(poolId: "p1"))
        #expect(driver.poolDefinition("cumulo-p1") == nil)
        #expect(await harness.storage.attachedPoolIds().isEmpty)
    }

    @Test func nfsPoolsOfASimulatedHostAreNetfsPoolsUnderTheStateDirectory() async throws {
        let harness = Harness { $0.nfsAccess = .userspace }
        defer { harness.cleanUp() }
        try await harness.run(.attachPool(PoolSpec(poolId: "nfs1", kind: .nfs, server: "192.0.2.5", path: "/export/primary")))
        #expect(harness.driver.poolDefinition("cumulo-nfs1") == PoolDefinition(
            name: "cumulo-nfs1", kind: .netfs(server: "192.0.2.5", exportPath: "/export/primary", mountPoint: harness.configuration.mountRoot + "/nfs1")))
        #expect(harness.storage.route(ofPool: "nfs1") == .pools)
        #expect(try await harness.runtime.startupReport().nfsAccess == "kernel")
    }

    @Test func attachPoolFailuresAreReported() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        harness.driver.failNext(.ensurePool, with: HypervisorError(.failed, "cannot create directory"))
        #expect(await harness.failure(.attachPool(PoolSpec(poolId: "p1", kind: .localDirectory, server: "", path: "/data"))) == "cannot attach pool p1: cannot create directory")
        #expect(await harness.failure(.attachPool(PoolSpec(poolId: "p2", kind: .localDirectory, server: "", path: "relative"))) == "cannot attach pool p2: pool p2: path 'relative' is not absolute")
        #expect(await harness.failure(.attachPool(PoolSpec(poolId: "p3", kind: .nfs, server: "", path: "/export"))) != nil)
        // A pool that failed to attach stays wanted and recovers on the next report.
        let ping = await harness.runtime.pingReport()
        #expect(ping.pools.map(\.poolId) == ["p1"])
        #expect(ping.pools.first?.error == nil)
    }

    @Test func volumesAreCreatedResizedAndDeleted() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        try await harness.localPool()
        let created = try await harness.run(.createVolume(VolumeSpec(poolId: "pool1", name: "data-1", sizeBytes: 4 << 30, format: .raw)))
        #expect(created == .volume(VolumeReport(poolId: "pool1", name: "data-1", location: "/var/lib/pools/pool1/data-1",
                                                virtualSizeBytes: 4 << 30, physicalSizeBytes: 4 << 30)))
        let resized = try await harness.run(.resizeVolume(poolId: "pool1", name: "data-1", sizeBytes: 6 << 30))
        #expect(resized == .volume(VolumeReport(poolId: "pool1", name: "data-1", location: "/var/lib/pools/pool1/data-1",
                                                virtualSizeBytes: 6 << 30, physicalSizeBytes: 6 << 30)))
        try await harness.run(.deleteVolume(poolId: "pool1", name: "data-1"))
        #expect(try await harness.storage.volume(poolId: "pool1", name: "data-1") == nil)
        try await harness.run(.deleteVolume(poolId: "pool1", name: "data-1"))
    }

    @Test func overlaysUseTheirTemplateAsQcow2Backing() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        try await harness.localPool(volumes: ["template-5"])
        try await harness.run(.createVolume(VolumeSpec(poolId: "pool1", name: "root-10", sizeBytes: 20 << 30, backingVolume: "template-5")))
        let backing = harness.driver.backing(pool: "cumulo-pool1", volume: "root-10")
        #expect(backing?.path == "/var/lib/pools/pool1/template-5")
        #expect(backing?.format == "qcow2")
        #expect(await harness.failure(.createVolume(VolumeSpec(poolId: "pool1", name: "root-11", sizeBytes: 1 << 30, backingVolume: "nope")))
                == "cannot create volume root-11 on pool pool1: volume nope not found on pool pool1")
        #expect(await harness.failure(.createVolume(VolumeSpec(poolId: "pool1", name: "root-12", sizeBytes: 1 << 30, format: .raw, backingVolume: "template-5"))) != nil)
    }

    @Test func volumeFailuresAreReported() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        #expect(await harness.failure(.createVolume(VolumeSpec(poolId: "nowhere", name: "v", sizeBytes: 1 << 30)))
                == "cannot create volume v on pool nowhere: pool nowhere is not attached on this host")
        try await harness.localPool()
        harness.driver.failNext(.createVolume, with: HypervisorError(.failed, "Permission denied"))
        #expect(await harness.failure(.createVolume(VolumeSpec(poolId: "pool1", name: "v", sizeBytes: 1 << 30)))
                == "cannot create volume v on pool pool1: Permission denied")
        #expect(await harness.failure(.createVolume(VolumeSpec(poolId: "pool1", name: "v", sizeBytes: 0))) != nil)
        #expect(await harness.failure(.resizeVolume(poolId: "pool1", name: "ghost", sizeBytes: 1 << 30))?.contains("not found") == true)
        try await harness.run(.createVolume(VolumeSpec(poolId: "pool1", name: "v", sizeBytes: 1 << 30)))
        harness.driver.failNext(.deleteVolume, with: HypervisorError(.failed, "Device or resource busy"))
        #expect(await harness.failure(.deleteVolume(poolId: "pool1", name: "v")) == "cannot delete volume v on pool pool1: Device or resource busy")
    }

    @Test func adoptAttachesEveryPoolAndReportsTheUnreachableOne() async throws {
        let driver = SimulatedDriver()
        let harness = Harness(driver: driver)
        defer { harness.cleanUp() }
        driver.setPoolFault("cumulo-nfs-down", HypervisorError(.failed, "mount.nfs: No route to host"))
        let adoption = Adoption(hostId: "host-42", zoneId: "z1", podId: "p1", clusterId: "c1", pools: [
            PoolSpec(poolId: "local", kind: .localDirectory, server: "", path: "/var/lib/cumulo/local"),
            PoolSpec(poolId: "nfs-down", kind: .nfs, server: "192.0.2.99", path: "/export/down"),
            PoolSpec(poolId: "nfs-up", kind: .nfs, server: "192.0.2.5", path: "/export/up"),
        ])
        #expect(try await harness.run(.adopt(adoption)) == .done)
        #expect(harness.runtime.hostId == "host-42")
        #expect(driver.poolDefinition("cumulo-local") != nil)
        #expect(driver.poolDefinition("cumulo-nfs-up") != nil)

        let ping = await harness.runtime.pingReport()
        #expect(ping.pools.map(\.poolId) == ["local", "nfs-down", "nfs-up"])
        #expect(ping.pools[0].error == nil)
        #expect(ping.pools[1].error == "mount.nfs: No route to host")
        #expect(ping.pools[2].error == nil)

        // Once the server answers again, the next report attaches the pool.
        driver.setPoolFault("cumulo-nfs-down", nil)
        let healed = await harness.runtime.pingReport()
        #expect(healed.pools.allSatisfy { $0.error == nil })
        #expect(driver.poolDefinition("cumulo-nfs-down") != nil)
    }
}
