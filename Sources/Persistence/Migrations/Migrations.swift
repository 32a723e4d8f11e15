/// Every schema migration, in the order they are applied. Append only.
enum Migrations {
    static let all: [Migration] = [
        initialInventory,
        agentSessions,
        images,
        sshKeyPairs,
        instances,
        loginAttempts,
        hashedSessionKeys,
    ]
}
