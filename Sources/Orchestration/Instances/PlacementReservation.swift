import DomainModel
import Persistence

/// Places a VM and reserves its host's CPU and memory and its pool's space, together with the move to
/// Starting, in one transaction. The first attempt plans on a snapshot read outside the write path and
/// writes with compare-and-set; when another deployment moved the figures first, the next attempt plans
/// again on figures read inside the transaction, which cannot go stale.
extension InstanceService {
    struct ReservedStart: Sendable {
        var vm: VirtualMachine
        var placement: Placement
        /// Bytes reserved on the pool for volumes still to be created.
        var reservedBytes: Int64
    }

    struct StaleSnapshot: Error {}

    func placeAndReserve(_ vm: VirtualMachine, volumes: [Volume], pins: PlacementPins, by actor: Actor) async throws -> ReservedStart {
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
                    guard try await CapacityLedger.apply(placement.hostReservation, in: store),
                          try await CapacityLedger.apply(placement.storageReservation, in: store) else {
                        throw StaleSnapshot()
                    }
                    let current = try await liveVM(vm.id, in: store)
                    let started = try await transition(current, .startRequested, set: [
                        ("host_id", placement.hostId), ("pod_id", placement.podId), ("cluster_id", placement.clusterId),
                    ], in: store)
                    for volume in toCreate {
                        try await store.compareAndSet(Tables.volume.name, id: volume.id, expected: [("row_version", volume.rowVersion)],
                                                      set: [("pool_id", placement.poolId), ("row_version", volume.rowVersion + 1)])
                    }
                    try await record("VM.START", "Starting VM \(vm.name) on host \(placement.hostName), disks on \(placement.poolName)",
                                     vm: started, by: actor, in: store)
                    return ReservedStart(vm: started, placement: placement, reservedBytes: bytes)
                }
            } catch is StaleSnapshot {
                continue
            }
        }
        throw DomainError.concurrentModification("Capacity kept changing while placing VM \(vm.name); try again")
    }

    /// Gives back what `reserved` took: the host's CPU and memory and the space of volumes never created.
    func releaseReservation(hostId: String, vm: VirtualMachine, poolId: String?, unusedBytes: Int64, in store: Store) async throws {
        try await CapacityLedger.releaseHost(hostId, cpuMHz: vm.cpuNeededMHz, memoryBytes: vm.memoryNeededBytes, in: store)
        if let poolId { try await CapacityLedger.releasePool(poolId, bytes: unusedBytes, in: store) }
    }
}
