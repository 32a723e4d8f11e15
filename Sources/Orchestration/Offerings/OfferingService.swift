import DomainModel
import Foundation
import Persistence

/// Creates, changes and retires compute and disk offerings. Every change writes an
/// event in the same transaction; a deleted offering is kept, marked removed.
public final class OfferingService: Sendable {
    let db: Database
    let events: EventRecorder

    init(db: Database, events: EventRecorder) {
        self.db = db
        self.events = events
    }

    /// A parameter value with surrounding blanks removed; nil when absent or empty.
    static func given(_ value: String?) -> String? {
        guard let value = value?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }

    /// A new or changed offering name: not blank.
    static func name(_ value: String) throws -> String {
        guard let name = given(value) else { throw DomainError.invalidParameter("The offering name can not be empty") }
        return name
    }

    /// `value` when it is one of `allowed` (compared without case), in the spelling `allowed` uses.
    static func oneOf(_ value: String?, _ allowed: [String], _ parameter: String) throws -> String? {
        guard let value = given(value) else { return nil }
        guard let match = allowed.first(where: { $0.caseInsensitiveCompare(value) == .orderedSame }) else {
            throw DomainError.invalidParameter("Invalid value \(value) for \(parameter); use one of \(allowed.joined(separator: ", "))")
        }
        return match
    }

    /// A rate limit: negative values are refused, 0 means no limit.
    static func rate(_ value: Int64?, _ parameter: String) throws -> Int64? {
        guard let value else { return nil }
        guard value >= 0 else { throw DomainError.invalidParameter("\(parameter) can not be negative") }
        return value == 0 ? nil : value
    }

    /// Checks that every id names a row of `table`, and returns them comma-separated (nil when there are none).
    static func existing<E>(_ ids: [String], in table: Table<E>, kind: String, parameter: String, _ store: Store) async throws -> String? {
        guard !ids.isEmpty else { return nil }
        var unique: [String] = []
        for id in ids where !unique.contains(id) {
            guard try await store.find(table, id: id) != nil else {
                throw DomainError.notFound(kind: kind, id: id, parameter: parameter)
            }
            unique.append(id)
        }
        return unique.joined(separator: ",")
    }

    /// Where an offering is available, as update commands give it: `public`/`all` for everywhere,
    /// otherwise comma-separated ids. Nil leaves the current value.
    static func scope(_ value: String?, everywhere: String) -> [String]? {
        guard let value = given(value) else { return nil }
        if value.lowercased() == everywhere { return [] }
        return value.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

}

/// The changes every kind of offering accepts (`update…Offering`).
public struct OfferingChanges: Sendable {
    public var name: String?
    public var displayText: String?
    public var sortKey: Int?
    /// `public` or comma-separated domain ids.
    public var domainIds: String?
    /// `all` or comma-separated zone ids.
    public var zoneIds: String?

    public init() {}
}

extension OfferingService {
    /// Updates a live offering: `apply` sets the kind's own fields, the shared ones are set here.
    func update<E: Offering>(
        _ table: Table<E>, id: String, kind: String, _ c: OfferingChanges, eventType: String, resourceType: String,
        by initiator: Initiator, apply: @Sendable (inout E) throws -> Void
    ) async throws -> E {
        try await db.transaction { store in
            guard var offering = try await store.find(table, id: id), offering.removed == nil else {
                throw DomainError.notFound(kind: kind, id: id, parameter: "id")
            }
            if let v = c.name { offering.name = try Self.name(v) }
            if let v = Self.given(c.displayText) { offering.displayText = v }
            if let v = c.sortKey { offering.sortKey = v }
            if let ids = Self.scope(c.domainIds, everywhere: "public") {
                offering.domainIds = try await Self.existing(ids, in: Tables.domain, kind: "domain", parameter: "domainid", store)
            }
            if let ids = Self.scope(c.zoneIds, everywhere: "all") {
                offering.zoneIds = try await Self.existing(ids, in: Tables.zone, kind: "zone", parameter: "zoneid", store)
            }
            try apply(&offering)
            try await store.replace(offering, in: table, id: id)
            try await events.record(eventType, "Updated \(kind) \(offering.name)", by: initiator, resourceId: id, resourceType: resourceType, in: store)
            return offering
        }
    }

    /// Retires an offering: it stays in the table, marked removed, so what was created from it keeps its record.
    func retire<E: Offering>(_ table: Table<E>, id: String, kind: String, eventType: String, resourceType: String, by initiator: Initiator) async throws {
        try await db.transaction { store in
            guard var offering = try await store.find(table, id: id), offering.removed == nil else {
                throw DomainError.notFound(kind: kind, id: id, parameter: "id")
            }
            offering.state = "Inactive"
            offering.removed = Date()
            try await store.replace(offering, in: table, id: id)
            try await events.record(eventType, "Deleted \(kind) \(offering.name)", by: initiator, resourceId: id, resourceType: resourceType, in: store)
        }
    }
}

/// The sizes Cumulo accepts in offerings; anything outside is refused as a typo.
public enum OfferingLimits {
    public static let cpuNumber = 1...1024
    /// MHz.
    public static let cpuSpeed = 1...100_000
    /// MiB (CloudStack's lower bound; 16 TiB at most).
    public static let memory = 32...16_777_216
    /// GiB (64 TiB at most).
    public static let diskSize: ClosedRange<Int64> = 1...65_536
    public static let storageTypes = ["shared", "local"]
    public static let provisioningTypes = ["thin", "sparse", "fat"]
    public static let cacheModes = ["none", "writeback", "writethrough", "hypervisor_default"]
}
