import DomainModel
import Persistence

extension Store {
    /// The live volumes attached to VM `vmId`, ROOT first (by device id).
    func volumes(attachedTo vmId: String) async throws -> [Volume] {
        try await all(Tables.volume, [.equals(.vmId, vmId), .isNull(.removed)]).sorted { ($0.deviceId ?? 0) < ($1.deviceId ?? 0) }
    }
}
