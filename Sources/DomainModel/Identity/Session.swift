import Foundation

/// A login session: the `sessionkey` a browser or CLI carries after `login`.
public struct Session: Codable, Sendable, Equatable {
    /// The SHA-256 digest (hex) of the session key; the key itself is only ever held by the client.
    public var id: String
    public var userId: String
    public var created: Date = Date()
    public var lastSeen: Date = Date()

    public init(
        id: String,
        userId: String,
        created: Date = Date(),
        lastSeen: Date = Date()
    ) {
        self.id = id
        self.userId = userId
        self.created = created
        self.lastSeen = lastSeen
    }
}
