import DomainModel
import Foundation
import Persistence


/// What `createAccount` and `createUser` pass in for a new user.
public struct NewUser: Sendable {
    public var username: String
    public var password: String
    public var firstname: String
    public var lastname: String
    public var email: String?
    public var timezone: String?

    public init(username: String, password: String, firstname: String, lastname: String, email: String?, timezone: String?) {
        self.username = username
        self.password = password
        self.firstname = firstname
        self.lastname = lastname
        self.email = email
        self.timezone = timezone
    }
}

/// The changeable fields of a user (`updateUser`).
public struct UserChanges: Sendable {
    public var username: String?
    public var password: String?
    public var currentPassword: String?
    public var firstname: String?
    public var lastname: String?
    public var email: String?
    public var timezone: String?

    public init() {}
}

/// Users: creation, changes, enabling and removal.
extension IdentityService {
    static func checkUsernameFree(_ username: String, domainId: String, store: Store) async throws {
        let accounts = try await store.all(Tables.account, [.equals(.domainId, domainId)]).map(\.id)
        if try await store.exists(Tables.user, [.equals(.username, username), .isIn(.accountId, accounts), .isNull(.removed)]) {
            throw DomainError.invalidParameter("The user \(username) already exists in domain \(domainId)")
        }
    }

    /// Adds a user to an existing account.
    public func createUser(in account: Account, user: NewUser, by caller: Caller) async throws -> User {
        guard try await administers(accountId: account.id, caller: caller) else {
            throw DomainError.permissionDenied("Account \(caller.account.name) may not add users to account \(account.name)")
        }
        if let problem = PasswordPolicy.problem(with: user.password) { throw DomainError.invalidParameter(problem) }
        let newUser = User(
            id: ResourceID.make(), accountId: account.id, username: user.username, passwordHash: try await hashed(user.password),
            firstname: user.firstname, lastname: user.lastname, email: user.email, timezone: user.timezone)
        try await db.transaction { store in
            try await Self.checkUsernameFree(user.username, domainId: account.domainId, store: store)
            try await store.insert(newUser, into: Tables.user)
            try await events.record("USER.CREATE", "Created user \(user.username)", by: Initiator(caller), resourceId: newUser.id, resourceType: "User", in: store)
        }
        return newUser
    }

    /// Changes a user. Users may change themselves (a password change needs the current password); admins may change users they administer.
    public func updateUser(id: String, _ changes: UserChanges, by caller: Caller) async throws -> User {
        var user = try await manageableUser(id, by: caller, allowSelf: true)
        if let password = changes.password {
            if let problem = PasswordPolicy.problem(with: password) { throw DomainError.invalidParameter(problem) }
            if user.id == caller.user.id && !caller.isAdmin {
                let stored = user.passwordHash
                guard let current = changes.currentPassword,
                      await passwords.run({ PasswordHasher.verify(current, against: stored) }) == true else {
                    throw DomainError.invalidParameter("Current password is incorrect; provide currentpassword to change your password")
                }
            }
            user.passwordHash = try await hashed(password)
        }
        if let v = changes.firstname { user.firstname = v }
        if let v = changes.lastname { user.lastname = v }
        if let v = changes.email { user.email = v.isEmpty ? nil : v }
        if let v = changes.timezone { user.timezone = v.isEmpty ? nil : v }
        let account = try await db.read.find(Tables.account, id: user.accountId)
        let updated = user
        try await db.transaction { store in
            if let name = changes.username, name != updated.username, let account {
                try await Self.checkUsernameFree(name, domainId: account.domainId, store: store)
            }
            var final = updated
            if let name = changes.username { final.username = name }
            try await store.replace(final, in: Tables.user, id: final.id)
            try await events.record("USER.UPDATE", "Updated user \(final.username)", by: Initiator(caller), resourceId: final.id, resourceType: "User", in: store)
        }
        forgetCachedCallers()
        return try await db.read.find(Tables.user, id: id)!
    }

    /// Enables or disables a user.
    public func setUserState(id: String, _ state: AccountState, by caller: Caller) async throws -> User {
        var user = try await manageableUser(id, by: caller, allowSelf: false)
        if user.id == caller.user.id { throw DomainError.invalidParameter("You can not change the state of your own user") }
        user.state = state
        // Enabling a user locked by failed logins gives it its attempts back.
        if state == .enabled { user.loginAttempts = 0 }
        let updated = user
        try await db.transaction { store in
            try await store.replace(updated, in: Tables.user, id: updated.id)
            try await events.record(state == .enabled ? "USER.ENABLE" : "USER.DISABLE", "User \(updated.username) is now \(state.rawValue)", by: Initiator(caller), resourceId: updated.id, resourceType: "User", in: store)
        }
        forgetCachedCallers()
        return updated
    }

    public func deleteUser(id: String, by caller: Caller) async throws {
        var user = try await manageableUser(id, by: caller, allowSelf: false)
        if user.id == caller.user.id { throw DomainError.invalidParameter("You can not delete your own user") }
        let remaining = try await db.read.count(Tables.user, [.equals(.accountId, user.accountId), .isNull(.removed)])
        if remaining <= 1 { throw DomainError.invalidParameter("The user \(user.username) is the last user of its account; delete the account instead") }
        user.removed = Date()
        user.apiKey = nil
        user.secretKey = nil
        let removed = user
        try await db.transaction { store in
            try await store.replace(removed, in: Tables.user, id: removed.id)
            try await store.delete(from: Tables.session, [.equals(.userId, removed.id)])
            try await events.record("USER.DELETE", "Deleted user \(removed.username)", by: Initiator(caller), resourceId: removed.id, resourceType: "User", in: store)
        }
        forgetCachedCallers()
    }
}
