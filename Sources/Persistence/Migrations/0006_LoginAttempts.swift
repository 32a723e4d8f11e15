import SQLKit

extension Migrations {
    /// Failed logins per user, for locking a user after too many (existing users start at 0).
    static let loginAttempts = Migration("0006_login_attempts") { db in
        try await db.alter(table: "user").column("login_attempts", type: .bigint, .notNull, .default(0)).run()
    }
}
