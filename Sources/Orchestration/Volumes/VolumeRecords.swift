import DomainModel
import Foundation
import Persistence

/// Reading volumes, holding one for a workflow, finding a host that reaches a volume's pool, and
/// reserving pool space for files made outside a VM's placement.
extension VolumeService {
    /// The live volume with `id`.
    func liveVolume(_ id: String, in store: Store? = nil) async throws -> Volume {
        guard let volume = try await (store ?? db.read).find(Tables.volume, id: id), volume.removed == nil, volume.state != .expunged else {
            throw DomainError.notFound(kind: "volume", id: id, parameter: "id")
        }
        return volume
    }

    /// The live VM with `id`, named by parameter `parameter`.
    func liveVM(_ id: String, parameter: String = "virtualmachineid") async throws -> VirtualMachine {
        guard let vm = try await db.read.find(Tables.vmInstance, id: id), vm.removed == nil else {
            throw DomainError.notFound(kind: "virtual machine", id: id, parameter: parameter)
        }
        return vm
    }

    /// Runs `body` with the volume, read afresh, while this workflow holds it.
    func holding<T: Sendable>(_ volumeId: String, _ body: (Volume) async throws -> T) async throws -> T {
        let volume = try await liveVolume(volumeId)
        return try await claims.exclusively(volumeId, what: "volume \(volume.name)") {
            try await body(try await liveVolume(volumeId))
        }
    }

    /// The volume with `changes` applied by a compare-and-set on its row version.
    /// Throws when another writer changed the volume first.
    @discardableResult
    func update(_ volume: Volume, in store: Store, _ changes: (inout Volume) -> Void) async throws -> Volume {
        var updated = volume
        guard try await store.update(&updated, in: Tables.volume, changes) else {
            throw DomainError.concurrentModification("Volume \(volume.name) was changed by another operation; try again")
        }
        return updated
    }

    func record(_ type: String, _ description: String, volume: Volume, by initiator: Initiator, in store: Store) async throws {
        try await events.record(type, description, by: initiator, resourceId: volume.id, resourceType: "Volume", in: store)
    }

    func pool(_ id: String) async throws -> StoragePool {
        guard let pool = try await db.read.find(Tables.storagePool, id: id) else {
            throw DomainError.invalidState("Primary storage pool \(id) no longer exists")
        }
        return pool
    }

    /// Whether `hostId` has `poolId` attached without error.
    func host(_ hostId: String, reaches poolId: String) async throws -> Bool {
        try await db.read.find(Tables.storagePoolHost, id: "\(poolId)/\(hostId)").map { $0.error == nil } ?? false
    }

    /// The error for a file operation no host can do now; nothing has changed when it is thrown.
    func noHost(reaching pool: StoragePool, for volume: Volume, to action: String) -> DomainError {
        .unavailable("No connected host reaches primary storage pool \(pool.name), which holds volume \(volume.name), so it cannot be \(action) now; try again when one is connected")
    }

    /// Reserves `bytes` more on a pool for a file made or grown outside a VM's placement; throws when the
    /// pool is not Up (for a new file) or the space is not there under `storage.overprovisioning.factor`.
    func reservePool(_ poolId: String, bytes: Int64, forNewFile: Bool, volumeName: String, in store: Store) async throws {
        guard bytes > 0 else { return }
        guard let row = try await store.find(Tables.storagePool, id: poolId), var pool = CapacitySnapshot.PoolCapacity(row) else {
            throw DomainError.invalidState("Primary storage pool \(poolId) of volume \(volumeName) no longer exists")
        }
        if forNewFile, !pool.isUp {
            throw DomainError.invalidState("Primary storage pool \(pool.name) is \(pool.state): no new volume can be created on it now")
        }
        let factors = OverprovisioningFactors(storage: max(1, settings.double("storage.overprovisioning.factor")))
        for _ in 0..<3 {
            pool.allocatedBytes = try await CapacityLedger.allocation(of: poolId, in: store).storageBytes
            guard let reservation = StorageReservation.reserve(bytes: bytes, on: pool, factors: factors) else {
                throw DomainError.insufficientCapacity(
                    "Primary storage pool \(pool.name) has \(CapacityUnits.size(pool.freeBytes(factors))) left; volume \(volumeName) needs \(CapacityUnits.size(bytes))")
            }
            if try await CapacityLedger.apply(reservation, in: store) { return }
        }
        throw DomainError.concurrentModification("The allocation of pool \(pool.name) kept changing; try again")
    }
}
