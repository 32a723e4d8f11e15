import DomainModel
import Foundation
import Persistence

/// Who performed an operation, for events and ownership.
public struct Actor: Sendable {
    public var userId: String?
    public var accountId: String
    public var domainId: String

    public init(userId: String?, accountId: String, domainId: String) {
        self.userId = userId
        self.accountId = accountId
        self.domainId = domainId
    }

    public init(_ caller: Caller) {
        self.init(userId: caller.user.id, accountId: caller.account.id, domainId: caller.account.domainId)
    }
}

/// Writes audit events (`listEvents`) and operator alerts (`listAlerts`).
public struct EventRecorder: Sendable {
    let db: Database

    /// Records an event inside an ongoing transaction, so it commits with the change it describes.
    public func record(
        _ type: String, _ description: String, by actor: Actor, resourceId: String? = nil,
        resourceType: String? = nil, level: String = "INFO", state: String = "Completed", in store: Store
    ) async throws {
        let event = Event(
            id: ResourceID.make(), type: type, level: level, description: description, state: state,
            accountId: actor.accountId, domainId: actor.domainId, userId: actor.userId,
            resourceId: resourceId, resourceType: resourceType)
        try await store.insert(event, into: Tables.event)
    }

    /// Records an event in its own transaction.
    public func record(
        _ type: String, _ description: String, by actor: Actor, resourceId: String? = nil,
        resourceType: String? = nil, level: String = "INFO", state: String = "Completed"
    ) async throws {
        try await db.transaction { store in
            try await record(type, description, by: actor, resourceId: resourceId, resourceType: resourceType, level: level, state: state, in: store)
        }
    }

    public func alert(type: Int, name: String, subject: String, zoneId: String? = nil, podId: String? = nil, clusterId: String? = nil) async throws {
        try await db.transaction { store in
            try await store.insert(Alert(id: ResourceID.make(), type: type, name: name, subject: subject, zoneId: zoneId, podId: podId, clusterId: clusterId), into: Tables.alert)
        }
    }
}
