import DomainModel
import Foundation
import Persistence

/// SSH key pairs of accounts: generating, registering, removing, and finding their public keys
/// for deployments. Private keys are returned once and never stored or logged.
public final class SSHKeyPairService: Sendable {
    let db: Database
    let events: EventRecorder

    init(db: Database, events: EventRecorder) {
        self.db = db
        self.events = events
    }

    /// Generates a 2048-bit RSA key pair named `name` for `owner`; the private key is in the answer only.
    public func create(name: String, owner: Account, by initiator: Initiator) async throws -> (keyPair: SSHKeyPair, privateKeyPEM: String) {
        let name = try Self.checked(name)
        try await Self.checkNameFree(name, owner: owner, in: db.read)
        let generated = try await SSHKeyGenerator.rsa()
        let keyPair = try await insert(name: name, key: generated.publicKey, owner: owner, event: "CREATE.SSH.KEYPAIR", verb: "Created", by: initiator)
        return (keyPair, generated.privateKeyPEM)
    }

    /// Registers the public key `publicKey` (OpenSSH form) under `name` for `owner`.
    public func register(name: String, publicKey: String, owner: Account, by initiator: Initiator) async throws -> SSHKeyPair {
        let name = try Self.checked(name)
        let key: OpenSSHPublicKey
        do {
            key = try OpenSSHPublicKey(parsing: publicKey)
        } catch {
            throw DomainError.invalidParameter(error.description)
        }
        return try await insert(name: name, key: key, owner: owner, event: "REGISTER.SSH.KEYPAIR", verb: "Registered", by: initiator)
    }

    /// Removes the key pair `name` of `owner`.
    public func delete(name: String, owner: Account, by initiator: Initiator) async throws {
        try await db.transaction { store in
            guard let keyPair = try await store.first(Tables.sshKeyPair, [.equals(.accountId, owner.id), .equals(.name, name)]) else {
                throw DomainError.invalidParameter("A key pair with name '\(name)' does not exist for account \(owner.name) in the specified domain")
            }
            try await store.delete(from: Tables.sshKeyPair, id: keyPair.id)
            try await events.record("DELETE.SSH.KEYPAIR", "Deleted SSH key pair \(name)", by: initiator, resourceId: keyPair.id, resourceType: "SSHKeyPair", in: store)
        }
    }

    /// The public keys (OpenSSH form) of the key pairs `names` of one account, in the order named, for
    /// `deployVirtualMachine` (`keypair`, `keypairs`) and `resetSSHKeyForVirtualMachine`.
    /// Fails with an invalid-parameter error naming every key pair the account does not have.
    public func publicKeys(names: [String], accountId: String) async throws -> [String] {
        let wanted = names.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        let found = try await db.read.all(Tables.sshKeyPair, [.equals(.accountId, accountId), .isIn(.name, wanted)])
        let byName = Dictionary(found.map { ($0.name, $0.publicKey) }, uniquingKeysWith: { first, _ in first })
        let missing = wanted.filter { byName[$0] == nil }
        guard missing.isEmpty else {
            throw DomainError.invalidParameter("Unable to find SSH key pair(s) \(missing.joined(separator: ", ")) of the VM's account")
        }
        var seen = Set<String>()
        return wanted.filter { seen.insert($0).inserted }.compactMap { byName[$0] }
    }

    func insert(name: String, key: OpenSSHPublicKey, owner: Account, event: String, verb: String, by initiator: Initiator) async throws -> SSHKeyPair {
        let keyPair = SSHKeyPair(
            id: ResourceID.make(), name: name, accountId: owner.id, domainId: owner.domainId,
            publicKey: key.openSSHString, fingerprint: key.md5Fingerprint)
        try await db.transaction { store in
            try await Self.checkNameFree(name, owner: owner, in: store)
            if try await store.exists(Tables.sshKeyPair, [.equals(.accountId, owner.id), .equals(.fingerprint, keyPair.fingerprint)]) {
                throw DomainError.invalidParameter("A key pair with fingerprint \(keyPair.fingerprint) already exists for account \(owner.name)")
            }
            try await store.insert(keyPair, into: Tables.sshKeyPair)
            try await events.record(event, "\(verb) SSH key pair \(name)", by: initiator, resourceId: keyPair.id, resourceType: "SSHKeyPair", in: store)
        }
        return keyPair
    }

    static func checkNameFree(_ name: String, owner: Account, in store: Store) async throws {
        if try await store.exists(Tables.sshKeyPair, [.equals(.accountId, owner.id), .equals(.name, name)]) {
            throw DomainError.invalidParameter("A key pair with name '\(name)' already exists for account \(owner.name)")
        }
    }

    /// A key pair name: not blank and without commas, since `keypairs` lists names separated by commas.
    static func checked(_ name: String) throws -> String {
        guard !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.invalidParameter("Please specify a name for the key pair")
        }
        guard !name.contains(",") else {
            throw DomainError.invalidParameter("A key pair name may not contain a comma: \(name)")
        }
        return name
    }
}
