import DomainModel
import Persistence

/// Reads what hosts and pools have promised and changes it with compare-and-set updates of
/// `capacity_allocation`: the persistence side of `CapacityReservation` and `StorageReservation`.
enum CapacityLedger {
    /// The zone as the planner sees it: its pods, clusters, hosts and pools with what is allocated on them.
    static func snapshot(zoneId: String, factors: OverprovisioningFactors, in store: Store) async throws -> CapacitySnapshot {
        let zones = try await store.all(Tables.zone, [.equals(.id, zoneId)]).map(CapacitySnapshot.ZoneEntry.init)
        let pods = try await store.all(Tables.pod, [.equals(.zoneId, zoneId)]).map(CapacitySnapshot.PodEntry.init)
        let clusters = try await store.all(Tables.cluster, [.equals(.zoneId, zoneId)]).map(CapacitySnapshot.ClusterEntry.init)
        let hostRows = try await store.all(Tables.host, [.equals(.zoneId, zoneId), .isNull(.removed)])
        let poolRows = try await store.all(Tables.storagePool, [.equals(.zoneId, zoneId)])
        let ids = hostRows.map(\.id) + poolRows.map(\.id)
        let allocations = Dictionary(
            try await store.all(Tables.capacityAllocation, [.isIn(.id, ids)], orderBy: .id).map { ($0.id, $0) },
            uniquingKeysWith: { first, _ in first })
        let hosts = hostRows.compactMap { host in
            let allocated = allocations[host.id] ?? CapacityAllocation(id: host.id)
            return CapacitySnapshot.HostCapacity(host, cpuAllocatedMHz: allocated.cpuMHz, memoryAllocatedBytes: allocated.memoryBytes)
        }
        let pools = poolRows.compactMap { row -> CapacitySnapshot.PoolCapacity? in
            var pool = CapacitySnapshot.PoolCapacity(row)
            pool?.allocatedBytes = allocations[row.id]?.storageBytes ?? 0
            return pool
        }
        return CapacitySnapshot(zones: zones, pods: pods, clusters: clusters, hosts: hosts, pools: pools, factors: factors)
    }

    /// The row of a host or pool; a missing row reads as nothing allocated.
    static func allocation(of id: String, in store: Store) async throws -> CapacityAllocation {
        try await store.find(Tables.capacityAllocation, id: id) ?? CapacityAllocation(id: id)
    }

    /// Writes a host reservation; false when the row no longer holds the expected figures.
    static func apply(_ reservation: CapacityReservation, in store: Store) async throws -> Bool {
        let current = try await allocation(of: reservation.hostId, in: store)
        guard current.hostAllocation == reservation.expected else { return false }
        return try await write(
            CapacityAllocation(id: reservation.hostId, cpuMHz: reservation.updated.cpuMHz,
                               memoryBytes: reservation.updated.memoryBytes, storageBytes: current.storageBytes),
            expected: current, in: store)
    }

    /// Writes a storage reservation; false when the row no longer holds the expected figure.
    static func apply(_ reservation: StorageReservation, in store: Store) async throws -> Bool {
        let current = try await allocation(of: reservation.poolId, in: store)
        guard current.storageBytes == reservation.expectedAllocatedBytes else { return false }
        var updated = current
        updated.storageBytes = reservation.updatedAllocatedBytes
        return try await write(updated, expected: current, in: store)
    }

    /// Gives back a VM's CPU and memory on a host.
    static func releaseHost(_ hostId: String, cpuMHz: Int64, memoryBytes: Int64, in store: Store) async throws {
        for _ in 0..<3 {
            let current = try await allocation(of: hostId, in: store)
            let release = CapacityReservation.release(cpuMHz: cpuMHz, memoryBytes: memoryBytes, hostId: hostId, current: current.hostAllocation)
            if try await apply(release, in: store) { return }
        }
        throw DomainError.concurrentModification("The allocation of host \(hostId) kept changing; try again")
    }

    /// Gives back the space of volumes on a pool.
    static func releasePool(_ poolId: String, bytes: Int64, in store: Store) async throws {
        guard bytes > 0 else { return }
        for _ in 0..<3 {
            let current = try await allocation(of: poolId, in: store)
            let release = StorageReservation.release(bytes: bytes, poolId: poolId, currentAllocatedBytes: current.storageBytes)
            if try await apply(release, in: store) { return }
        }
        throw DomainError.concurrentModification("The allocation of pool \(poolId) kept changing; try again")
    }

    /// Adds to a pool's allocation without a guard (a volume created outside a placement).
    static func addToPool(_ poolId: String, bytes: Int64, in store: Store) async throws {
        for _ in 0..<3 {
            let current = try await allocation(of: poolId, in: store)
            let grow = StorageReservation(poolId: poolId, expectedAllocatedBytes: current.storageBytes,
                                          updatedAllocatedBytes: current.storageBytes + bytes)
            if try await apply(grow, in: store) { return }
        }
        throw DomainError.concurrentModification("The allocation of pool \(poolId) kept changing; try again")
    }

    /// Compare-and-set on every figure of the row; inserts the row when there was none.
    private static func write(_ updated: CapacityAllocation, expected: CapacityAllocation, in store: Store) async throws -> Bool {
        if try await store.find(Tables.capacityAllocation, id: updated.id) == nil {
            try await store.insert(updated, into: Tables.capacityAllocation)
            return true
        }
        return try await store.update(Tables.capacityAllocation, id: updated.id, where: [.equals(.cpuMHz, expected.cpuMHz), .equals(.memoryBytes, expected.memoryBytes), .equals(.storageBytes, expected.storageBytes)], set: [.set(.cpuMHz, updated.cpuMHz), .set(.memoryBytes, updated.memoryBytes), .set(.storageBytes, updated.storageBytes)])
    }
}
