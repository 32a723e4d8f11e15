import DomainModel
import Foundation
import Persistence

/// Creates, changes and removes the infrastructure inventory: zones, pods,
/// clusters, hosts, primary and secondary storage. Every change writes an event
/// in the same transaction.
public final class InventoryService: Sendable {
    let db: Database
    let events: EventRecorder
    /// Names of the VMs running on a host, as its agent reports them.
    let runningGuests: @Sendable (String) async -> [String]

    init(db: Database, events: EventRecorder, runningGuests: @escaping @Sendable (String) async -> [String] = { _ in [] }) {
        self.db = db
        self.events = events
        self.runningGuests = runningGuests
    }

    func registerRecoveryRules(on jobs: JobService) {
        registerHostRecoveryRules(on: jobs)
    }

    /// What may still live inside a zone, pod or cluster: a table and what its rows are called.
    /// Rows of tables with soft delete count only while not removed.
    struct Dependent {
        let table: String
        let what: String
        var softDeleted = false
    }

    /// Refuses to delete the `kind` whose id is in `column` while any dependent row still refers to it.
    static func refuseDeletionWhileUsed(_ kind: String, column: String, id: String, by dependents: [Dependent], in store: Store) async throws {
        for dependent in dependents {
            let filters: [Filter] = [.equals(column, id)] + (dependent.softDeleted ? [.isNull("removed")] : [])
            if try await store.exists(dependent.table, filters) {
                throw DomainError.invalidState("The \(kind) is not deletable because there are \(dependent.what) in this \(kind)")
            }
        }
    }

    /// Fails with a 431-style error unless `value` is a dotted IPv4 address.
    static func address(_ value: String, _ parameter: String) throws -> IPv4Address {
        guard let address = IPv4Address(value) else {
            throw DomainError.invalidParameter("Please specify a valid IPv4 address for \(parameter): \(value)")
        }
        return address
    }
}
