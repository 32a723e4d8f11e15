import SQLKit

extension Migrations {
    /// SSH key pairs: public keys and fingerprints, one name per account.
    static let sshKeyPairs = Migration("0004_ssh_keypairs") { db in
        try await db.createTable("ssh_keypair", [
            .text("name"), .text("account_id"), .text("domain_id"), .text("public_key"), .text("fingerprint"),
            .date("created"),
        ])
        try await db.createIndex("ssh_keypair_account_name", on: "ssh_keypair", "account_id", "name", unique: true)
        try await db.createIndex("ssh_keypair_fingerprint", on: "ssh_keypair", "fingerprint")
    }
}
