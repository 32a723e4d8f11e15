import Foundation

/// A management server process that has run on this database; hosts and jobs name the one they belong to.
public struct ManagementServer: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var version: String
    public var created: Date = Date()

    public init(id: String, name: String, version: String, created: Date = Date()) {
        self.id = id
        self.name = name
        self.version = version
        self.created = created
    }
}
