import DomainModel
import Foundation
import Persistence

/// Creates, changes and removes the infrastructure inventory: zones, pods,
/// clusters, hosts, primary and secondary storage. Every change writes an event
/// in the same transaction.
public final class InventoryService: Sendable {
    let db: Database
    let events: EventRecorder

    init(db: Database, events: EventRecorder) {
        self.db = db
        self.events = events
    }

    func registerRecoveryRules(on jobs: JobService) {
        registerHostRecoveryRules(on: jobs)
    }

    /// Fails with a 431-style error unless `value` is a dotted IPv4 address.
    static func address(_ value: String, _ parameter: String) throws -> IPv4Address {
        guard let address = IPv4Address(value) else {
            throw DomainError.invalidParameter("Please specify a valid IPv4 address for \(parameter): \(value)")
        }
        return address
    }
}
