import DomainModel
import Persistence
import Synchronization

/// Looks up the names that responses print beside ids (`zonename` beside `zoneid`),
/// remembering each one for the rest of the request.
final class NameLookup: Sendable {
    let reads: Store
    private let cache = Mutex<[String: String]>([:])

    init(reads: Store) { self.reads = reads }

    func name<E>(_ table: Table<E>, _ id: String?, _ field: @Sendable (E) -> String) async throws -> String? {
        guard let id else { return nil }
        let key = "\(E.self)/" + id
        if let cached = cache.withLock({ $0[key] }) { return cached }
        guard let row = try await reads.find(table, id: id) else { return nil }
        let value = field(row)
        cache.withLock { $0[key] = value }
        return value
    }

    func zone(_ id: String?) async throws -> String? { try await name(Tables.zone, id) { $0.name } }
    func pod(_ id: String?) async throws -> String? { try await name(Tables.pod, id) { $0.name } }
    func cluster(_ id: String?) async throws -> String? { try await name(Tables.cluster, id) { $0.name } }
    func domain(_ id: String?) async throws -> String? { try await name(Tables.domain, id) { $0.name } }
    func domainPath(_ id: String?) async throws -> String? { try await name(Tables.domain, id) { $0.displayPath } }
    func account(_ id: String?) async throws -> String? { try await name(Tables.account, id) { $0.name } }
    func physicalNetwork(_ id: String?) async throws -> String? { try await name(Tables.physicalNetwork, id) { $0.name } }
    func networkOffering(_ id: String?) async throws -> String? { try await name(Tables.networkOffering, id) { $0.name } }
    func network(_ id: String?) async throws -> String? { try await name(Tables.network, id) { $0.name } }
    func osCategory(_ id: String?) async throws -> String? { try await name(Tables.osCategory, id) { $0.name } }

    /// What placements promised on a host or pool (the row's id is the host's or pool's); nil when nothing ever was.
    func capacityAllocation(_ id: String) async throws -> CapacityAllocation? {
        try await reads.find(Tables.capacityAllocation, id: id)
    }
}
