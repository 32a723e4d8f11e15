import DomainModel
import Testing

@Suite("Capacity reservations")
struct CapacityReservationTests {
    typealias F = PlannerFixtures
    static let gib = PlannerFixtures.gib

    @Test func reserveAddsToTheCurrentFigures() {
        let host = F.host("kvm1", cpuAllocated: 2000, memoryAllocatedMiB: 2048)
        let reservation = CapacityReservation.reserve(cpuMHz: 1000, memoryBytes: Self.gib, on: host, factors: .none)
        #expect(reservation == CapacityReservation(
            hostId: "id-kvm1", expected: HostAllocation(cpuMHz: 2000, memoryBytes: 2 * Self.gib),
            updated: HostAllocation(cpuMHz: 3000, memoryBytes: 3 * Self.gib)))
    }

    @Test(arguments: [
        (Int64(6000), Int64(6), OverprovisioningFactors.none, true),
        (6001, 6, .none, false),
        (6000, 7, .none, false),
        (6001, 7, OverprovisioningFactors(cpu: 2, memory: 2), true),
        (14_000, 14, OverprovisioningFactors(cpu: 2, memory: 2), true),
        (14_001, 14, OverprovisioningFactors(cpu: 2, memory: 2), false),
    ])
    func reserveChecksTheFit(cpu: Int64, memoryGiB: Int64, factors: OverprovisioningFactors, fits: Bool) {
        // 4 × 2000 MHz and 8 GB, with 2000 MHz and 2 GB already allocated.
        let host = F.host("kvm1", cpuAllocated: 2000, memoryAllocatedMiB: 2048)
        let reservation = CapacityReservation.reserve(cpuMHz: cpu, memoryBytes: memoryGiB * Self.gib, on: host, factors: factors)
        #expect((reservation != nil) == fits)
    }

    @Test func releaseNeverGoesNegative() {
        let current = HostAllocation(cpuMHz: 1000, memoryBytes: Self.gib)
        #expect(CapacityReservation.release(cpuMHz: 500, memoryBytes: Self.gib / 2, hostId: "h", current: current).updated
            == HostAllocation(cpuMHz: 500, memoryBytes: Self.gib / 2))
        let twice = CapacityReservation.release(cpuMHz: 2000, memoryBytes: 2 * Self.gib, hostId: "h", current: current)
        #expect(twice.updated == HostAllocation(cpuMHz: 0, memoryBytes: 0))
        #expect(twice.expected == current)
    }

    @Test func storageReservations() {
        let pool = F.pool("P1", capacityGiB: 100, allocatedGiB: 90)
        #expect(StorageReservation.reserve(bytes: 10 * Self.gib, on: pool, factors: .none)
            == StorageReservation(poolId: "id-P1", expectedAllocatedBytes: 90 * Self.gib, updatedAllocatedBytes: 100 * Self.gib))
        #expect(StorageReservation.reserve(bytes: 11 * Self.gib, on: pool, factors: .none) == nil)
        #expect(StorageReservation.reserve(bytes: 11 * Self.gib, on: pool, factors: OverprovisioningFactors(storage: 2)) != nil)
        let overCommitted = F.pool("P1", capacityGiB: 100, allocatedGiB: 120)
        #expect(StorageReservation.reserve(bytes: 0, on: overCommitted, factors: .none) != nil)
        #expect(StorageReservation.release(bytes: 200 * Self.gib, poolId: "id-P1", currentAllocatedBytes: 120 * Self.gib).updatedAllocatedBytes == 0)
    }

    /// A host row with compare-and-set semantics, as the persistence side implements the reservation.
    struct HostRow {
        var allocation: HostAllocation

        mutating func compareAndSet(_ reservation: CapacityReservation) -> Bool {
            guard allocation == reservation.expected else { return false }
            allocation = reservation.updated
            return true
        }
    }

    /// Two deployments plan from the same snapshot onto a host with room for one: the first write wins, the
    /// second finds the guard broken, re-reads the host and learns the VM no longer fits.
    @Test func concurrentReservationsNeverOverCommit() {
        let host = F.host("kvm1", memoryGiB: 1)
        let snapshot = F.snapshot(hosts: [host])
        let first = DeploymentPlanner.plan(F.request(), snapshot).placement
        let second = DeploymentPlanner.plan(F.request(), snapshot).placement
        guard let first, let second else {
            Issue.record("both plans should place the VM")
            return
        }
        var row = HostRow(allocation: HostAllocation(cpuMHz: 0, memoryBytes: 0))
        let firstWritten = row.compareAndSet(first.hostReservation)
        #expect(firstWritten)
        let secondWritten = row.compareAndSet(second.hostReservation)
        #expect(!secondWritten)

        var fresh = host
        fresh.cpuAllocatedMHz = row.allocation.cpuMHz
        fresh.memoryAllocatedBytes = row.allocation.memoryBytes
        #expect(CapacityReservation.reserve(cpuMHz: 1000, memoryBytes: 1024 * PlannerFixtures.mib, on: fresh, factors: .none) == nil)
        #expect(row.allocation == HostAllocation(cpuMHz: 1000, memoryBytes: Self.gib))
    }

    /// When the guard fails but the VM still fits, a retry on the fresh figures succeeds.
    @Test func retryOnFreshFigures() {
        let host = F.host("kvm1", memoryGiB: 4)
        var row = HostRow(allocation: HostAllocation(cpuMHz: 0, memoryBytes: 0))
        let stale = CapacityReservation.reserve(cpuMHz: 1000, memoryBytes: Self.gib, on: host, factors: .none)!
        // Someone else reserved first.
        let other = CapacityReservation(hostId: host.id, expected: row.allocation, updated: HostAllocation(cpuMHz: 1000, memoryBytes: Self.gib))
        let otherWritten = row.compareAndSet(other)
        #expect(otherWritten)
        let staleWritten = row.compareAndSet(stale)
        #expect(!staleWritten)
        var fresh = host
        fresh.cpuAllocatedMHz = row.allocation.cpuMHz
        fresh.memoryAllocatedBytes = row.allocation.memoryBytes
        let retry = CapacityReservation.reserve(cpuMHz: 1000, memoryBytes: Self.gib, on: fresh, factors: .none)!
        let retryWritten = row.compareAndSet(retry)
        #expect(retryWritten)
        #expect(row.allocation == HostAllocation(cpuMHz: 2000, memoryBytes: 2 * Self.gib))
    }

    @Test func hostAndPoolFiguresFromStoredEntities() {
        let stored = HypervisorHost(id: "h1", name: "kvm1", zoneId: "z1", podId: "p1", clusterId: "c1", ipAddress: "198.18.0.11",
                          status: .up, resourceState: .maintenance, cpuNumber: 8, cpuSpeed: 2400, totalMemory: 16 * Self.gib)
        let figures = CapacitySnapshot.HostCapacity(stored, cpuAllocatedMHz: 4800, memoryAllocatedBytes: Self.gib)
        #expect(figures.status == .up && figures.resourceState == .maintenance)
        #expect(figures.cpuCapacityMHz(OverprovisioningFactors(cpu: 2)) == 38_400)
        #expect(figures.cpuFreeMHz(.none) == 14_400)
        #expect(figures.memoryFreeBytes(OverprovisioningFactors(memory: 1.5)) == 23 * Self.gib)

        let pool = StoragePool(id: "sp", name: "P1", zoneId: "z1", clusterId: "c1", scope: "cluster", poolType: "NetworkFilesystem",
                               host: "nfs", path: "/export", url: "nfs://nfs/export", state: .up, capacityBytes: 100 * Self.gib,
                               allocatedBytes: 30 * Self.gib)
        let poolFigures = CapacitySnapshot.PoolCapacity(pool)
        #expect(poolFigures?.scope == .cluster && poolFigures?.isUp == true)
        #expect(poolFigures?.freeBytes(OverprovisioningFactors(storage: 2)) == 170 * Self.gib)
        #expect(poolFigures?.isReachable(fromCluster: "c1", zoneId: "z1") == true)
        #expect(poolFigures?.isReachable(fromCluster: "c2", zoneId: "z1") == false)
    }

    static let sizes: [(Int64, String)] = [
        (0, "0 MB"), (-5, "0 MB"), (536_870_912, "512 MB"), (1_073_741_824, "1 GB"), (21_474_836_480, "20 GB"),
        (5_905_580_032, "5.5 GB"), (1_084_479_243, "1.01 GB"),
    ]

    @Test(arguments: sizes)
    func sizesInMessages(bytes: Int64, text: String) {
        #expect(CapacityUnits.size(bytes) == text)
    }
}
