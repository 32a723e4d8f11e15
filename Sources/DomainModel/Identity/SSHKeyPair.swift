import Foundation

/// An SSH key pair registered to an account: only the public half and its fingerprint are kept.
public struct SSHKeyPair: Codable, Sendable, Equatable {
    public var id: String
    /// Unique within the owning account.
    public var name: String
    public var accountId: String
    public var domainId: String
    /// The key in OpenSSH `authorized_keys` form: `<type> <base64 blob>[ <comment>]`.
    public var publicKey: String
    /// MD5 of the decoded key blob as colon-separated lower-case hex, as CloudStack shows it.
    public var fingerprint: String
    public var created: Date = Date()

    public init(
        id: String,
        name: String,
        accountId: String,
        domainId: String,
        publicKey: String,
        fingerprint: String,
        created: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.accountId = accountId
        self.domainId = domainId
        self.publicKey = publicKey
        self.fingerprint = fingerprint
        self.created = created
    }
}
