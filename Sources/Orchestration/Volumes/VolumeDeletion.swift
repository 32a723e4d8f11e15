import AgentProtocol
import DomainModel
import Foundation
import Persistence

/// Deleting a detached DATA volume: its file is deleted through a connected host that reaches its pool,
/// then the volume is marked removed (Expunged) and its pool space given back. When no host can delete
/// the file, nothing changes and the delete can be tried again.
extension VolumeService {
    func deleteWorkflow(volumeId: String, by initiator: Initiator) async throws {
        try await holding(volumeId) { volume in
            guard volume.type == .dataDisk else {
                throw DomainError.invalidParameter("Volume \(volume.name) is a ROOT volume; it is deleted with its VM")
            }
            if let vmId = volume.vmId {
                let name = try await db.read.find(Tables.vmInstance, id: vmId)?.name ?? vmId
                throw DomainError.invalidState("Volume \(volume.name) is attached to VM \(name); detach it first")
            }
            guard [.allocated, .ready, .destroy].contains(volume.state) else {
                throw DomainError.invalidState("Volume \(volume.name) is \(volume.state.rawValue); delete it when the operation on it has finished")
            }
            let file = volume.poolId.flatMap { poolId in volume.path.map { (poolId: poolId, path: $0) } }
            if let file {
                let pool = try await pool(file.poolId)
                guard let hostId = try await poolHosts.connectedHost(reaching: file.poolId) else {
                    throw noHost(reaching: pool, for: volume, to: "deleted")
                }
                _ = try await agents.send(.deleteVolume(poolId: file.poolId, name: file.path), toHost: hostId, timeout: .seconds(120))
            }
            try await db.transaction { store in
                let removed = try await update(volume, in: store) { $0.state = .expunged; $0.removed = Date() }
                if let file {
                    try await CapacityLedger.releasePool(file.poolId, bytes: volume.sizeBytes, in: store)
                }
                try await record("VOLUME.DELETE", "Deleted volume \(volume.name)", volume: removed, by: initiator, in: store)
            }
        }
    }
}
