import DomainModel
import Persistence

/// Places a VM and reserves its host's CPU and memory and its pool's space, together with the move to
/// Starting, in one transaction. The first attempt plans on a snapshot read outside the write path and
/// writes with compare-and-set; when another deployment moved the figures first, the next attempt plans
/// again on figures read inside the transaction, which cannot go stale.
struct PlacementReservation: Sendable {
    let db: Database
    let settings: Settings
    let records: InstanceRecords

    /// A VM moved to Starting with its capacity held, and where it goes.
    struct ReservedStart: Sendable {
        var vm: VirtualMachine
        var placement: Placement
        /// Bytes reserved on the pool for volumes still to be created.
        var reservedBytes: Int64
    }

    private struct StaleSnapshot: Error {}

    func placeAndReserve(_ vm: VirtualMachine, volumes: [Volume], pins: PlacementPins, by initiator: Initiator) async throws -> ReservedStart {
        let factors = OverprovisioningFactors(
            cpu: settings.double("cpu.overprovisioning.factor"), memory: settings.double("mem.overprovisioning.factor"),
            storage: settings.double("storage.overprovisioning.factor"))
        let toCreate = volumes.filter { $0.state == .allocated }
        let bytes = toCreate.reduce(Int64(0)) { $0 + $1.sizeBytes }
        let request = PlacementRequest(
            zoneId: vm.zoneId, cpuNumber: vm.cpuNumber, cpuSpeed: vm.cpuSpeed, memory: vm.memory, rootDiskBytes: bytes,
            hostId: pins.hostId, podId: pins.podId, clusterId: pins.clusterId, lastHostId: vm.lastHostId,
            volumePoolId: volumes.compactMap(\.poolId).first)
        for attempt in 0..<2 {
            let optimistic = attempt == 0
            let outside = optimistic ? try await CapacityLedger.snapshot(zoneId: vm.zoneId, factors: factors, in: db.read) : nil
            do {
                return try await db.transaction { store in
                    let snapshot: CapacitySnapshot
                    if let outside { snapshot = outside } else {
                        snapshot = try await CapacityLedger.snapshot(zoneId: vm.zoneId, factors: factors, in: store)
                    }
                    let placement: Placement
                    switch DeploymentPlanner.plan(request, snapshot) {
                    case .placed(let placed): placement = placed
                    case .failed(let failure):
                        if optimistic { throw StaleSnapshot() }
                        throw failure.domainError
                    }
                    try await reserve(placement, request: request, snapshot: snapshot, in: store)
                    let current = try await records.liveVM(vm.id, in: store)
                    let started = try await records.transition(current, .startRequested, in: store) {
                        $0.hostId = placement.hostId
                        $0.podId = placement.podId
                        $0.clusterId = placement.clusterId
                    }
                    for var volume in toCreate {
                        guard try await store.update(&volume, in: Tables.volume, { $0.poolId = placement.poolId }) else {
                            throw DomainError.concurrentModification("Volume \(volume.name) of VM \(vm.name) changed while it was placed; try again")
                        }
                    }
                    try await records.record("VM.START", "Starting VM \(vm.name) on host \(placement.hostName), disks on \(placement.poolName)",
                                             vm: started, by: initiator, in: store)
                    return ReservedStart(vm: started, placement: placement, reservedBytes: bytes)
                }
            } catch is StaleSnapshot {
                continue
            }
        }
        throw DomainError.concurrentModification("Capacity kept changing while placing VM \(vm.name); try again")
    }

    /// Writes the placement's reservations. When another deployment moved a figure since the snapshot, the
    /// reservation is made again on the figures read now (which re-checks the fit) on the same host and pool;
    /// only when it no longer fits does the caller plan again.
    private func reserve(_ placement: Placement, request: PlacementRequest, snapshot: CapacitySnapshot, in store: Store) async throws {
        if try await !CapacityLedger.apply(placement.hostReservation, in: store) {
            guard var host = snapshot.hosts.first(where: { $0.id == placement.hostId }) else { throw StaleSnapshot() }
            let now = try await CapacityLedger.allocation(of: host.id, in: store)
            host.cpuAllocatedMHz = now.cpuMHz
            host.memoryAllocatedBytes = now.memoryBytes
            guard let again = CapacityReservation.reserve(cpuMHz: request.cpuNeededMHz, memoryBytes: request.memoryNeededBytes,
                                                          on: host, factors: snapshot.factors),
                  try await CapacityLedger.apply(again, in: store) else { throw StaleSnapshot() }
        }
        if try await !CapacityLedger.apply(placement.storageReservation, in: store) {
            guard var pool = snapshot.pools.first(where: { $0.id == placement.poolId }) else { throw StaleSnapshot() }
            pool.allocatedBytes = try await CapacityLedger.allocation(of: pool.id, in: store).storageBytes
            guard let again = StorageReservation.reserve(bytes: request.storageNeededBytes, on: pool, factors: snapshot.factors),
                  try await CapacityLedger.apply(again, in: store) else { throw StaleSnapshot() }
        }
    }

    /// Gives back what `reserved` took: the host's CPU and memory and the space of volumes never created.
    func releaseReservation(hostId: String, vm: VirtualMachine, poolId: String?, unusedBytes: Int64, in store: Store) async throws {
        try await CapacityLedger.releaseHost(hostId, cpuMHz: vm.cpuNeededMHz, memoryBytes: vm.memoryNeededBytes, in: store)
        if let poolId { try await CapacityLedger.releasePool(poolId, bytes: unusedBytes, in: store) }
    }
}
