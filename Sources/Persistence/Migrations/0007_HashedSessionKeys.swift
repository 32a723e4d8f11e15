import SQLKit

extension Migrations {
    /// Sessions are stored by the digest of their key from now on; the ones stored with their key in the
    /// clear are ended (their users log in again).
    static let hashedSessionKeys = Migration("0007_hashed_session_keys") { db in
        try await db.delete(from: "session").run()
    }
}
