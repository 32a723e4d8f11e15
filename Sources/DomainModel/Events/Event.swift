import Foundation

/// An audit record of something that happened: every create, update, delete and job writes one.
public struct Event: Codable, Sendable, Equatable {
    public var id: String
    public var type: String
    public var level: EventLevel = .info
    public var description: String
    public var state: String = "Completed"
    public var accountId: String
    public var domainId: String
    public var userId: String?
    public var resourceId: String?
    public var resourceType: String?
    public var parentId: String?
    public var created: Date = Date()

    public init(
        id: String,
        type: String,
        level: EventLevel = .info,
        description: String,
        state: String = "Completed",
        accountId: String,
        domainId: String,
        userId: String? = nil,
        resourceId: String? = nil,
        resourceType: String? = nil,
        parentId: String? = nil,
        created: Date = Date()
    ) {
        self.id = id
        self.type = type
        self.level = level
        self.description = description
        self.state = state
        self.accountId = accountId
        self.domainId = domainId
        self.userId = userId
        self.resourceId = resourceId
        self.resourceType = resourceType
        self.parentId = parentId
        self.created = created
    }
}

/// An operator alert: something in the cloud needs attention.
public struct Alert: Codable, Sendable, Equatable {
    public var id: String
    public var type: AlertType
    public var name: String
    public var subject: String
    public var zoneId: String?
    public var podId: String?
    public var clusterId: String?
    public var sent: Date = Date()
    public var archived: Bool = false

    public init(
        id: String,
        type: AlertType,
        name: String,
        subject: String,
        zoneId: String? = nil,
        podId: String? = nil,
        clusterId: String? = nil,
        sent: Date = Date(),
        archived: Bool = false
    ) {
        self.id = id
        self.type = type
        self.name = name
        self.subject = subject
        self.zoneId = zoneId
        self.podId = podId
        self.clusterId = clusterId
        self.sent = sent
        self.archived = archived
    }
}
