import DomainModel
import Foundation
import Persistence

/// Who performed an operation, for events and ownership.
public struct Initiator: Sendable {
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
        _ type: String, _ description: String, by initiator: Initiator, resourceId: String? = nil,
        resourceType: String? = nil, level: EventLevel = .info, state: String = "Completed", in store: Store
    ) async throws {
        let event = Event(
            id: ResourceID.make(), type: type, level: level, description: description, state: state,
            accountId: initiator.accountId, domainId: initiator.domainId, userId: initiator.userId,
            resourceId: resourceId, resourceType: resourceType)
        try await store.insert(event, into: Tables.event)
    }

    /// Records an event in its own transaction.
    public func record(
        _ type: String, _ description: String, by initiator: Initiator, resourceId: String? = nil,
        resourceType: String? = nil, level: EventLevel = .info, state: String = "Completed"
    ) async throws {
        try await db.transaction { store in
            try await record(type, description, by: initiator, resourceId: resourceId, resourceType: resourceType, level: level, state: state, in: store)
        }
    }

    public func alert(_ type: AlertType, subject: String, zoneId: String? = nil, podId: String? = nil, clusterId: String? = nil) async throws {
        try await db.transaction { store in
            try await store.insert(Alert(id: ResourceID.make(), type: type, name: type.name, subject: subject, zoneId: zoneId, podId: podId, clusterId: clusterId), into: Tables.alert)
        }
    }
}
