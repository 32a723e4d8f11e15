import Foundation

/// The per-host credential an agent received at registration; only a hash of its token is kept.
public struct AgentCredential: Codable, Sendable, Equatable {
    /// The host guid the credential proves.
    public var id: String
    /// SHA-256 of the token, hex.
    public var tokenHash: String
    /// The host name the agent gave when it registered.
    public var hostName: String
    /// The address the registration came from.
    public var registeredFrom: String
    public var created: Date = Date()
    public var revoked: Date?

    public init(
        id: String,
        tokenHash: String,
        hostName: String,
        registeredFrom: String,
        created: Date = Date(),
        revoked: Date? = nil
    ) {
        self.id = id
        self.tokenHash = tokenHash
        self.hostName = hostName
        self.registeredFrom = registeredFrom
        self.created = created
        self.revoked = revoked
    }
}

/// Whether one host reaches one primary storage pool, as its agent last said.
public struct StoragePoolHostRef: Codable, Sendable, Equatable {
    /// `<pool id>/<host id>`.
    public var id: String
    public var poolId: String
    public var hostId: String
    /// nil while the host reaches the pool.
    public var error: String?
    public var updated: Date = Date()

    public init(
        id: String,
        poolId: String,
        hostId: String,
        error: String? = nil,
        updated: Date = Date()
    ) {
        self.id = id
        self.poolId = poolId
        self.hostId = hostId
        self.error = error
        self.updated = updated
    }
}
