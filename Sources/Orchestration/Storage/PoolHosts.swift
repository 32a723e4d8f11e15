import DomainModel
import Persistence

/// Finds a connected host that reaches a primary storage pool, for work on the pool's files.
struct PoolHosts: Sendable {
    let db: Database
    let agents: AgentService

    /// A connected host with the pool attached without error, trying `preferred` hosts first; nil when none.
    func connectedHost(reaching poolId: String, preferring preferred: [String?] = []) async throws -> String? {
        let refs = try await db.read.all(Tables.storagePoolHost, [.equals(.poolId, poolId)], orderBy: .id).filter { $0.error == nil }
        let attached = refs.map(\.hostId)
        let candidates = preferred.compactMap { $0 }.filter(attached.contains) + attached
        for hostId in candidates where await agents.liveFigures(ofHost: hostId) != nil {
            return hostId
        }
        return nil
    }
}
