import DomainModel
import Foundation
import Persistence

/// Creates, changes and removes the networking inventory: physical networks and their traffic
/// types, guest networks and the IP ranges addresses come from. Every change writes an event in
/// the same transaction.
public final class NetworkService: Sendable {
    let db: Database
    let events: EventRecorder

    init(db: Database, events: EventRecorder) {
        self.db = db
        self.events = events
    }

    /// Fails with a 431-style error unless `value` is a dotted IPv4 address.
    static func address(_ value: String, _ parameter: String) throws -> IPv4Address {
        guard let address = IPv4Address(value) else {
            throw DomainError.invalidParameter("Please specify a valid IPv4 address for \(parameter): \(value)")
        }
        return address
    }

    /// A parameter value with surrounding blanks removed; nil when absent or empty.
    static func given(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }
}
