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

extension IdentityService {
    /// Creates an account with its first user in `domain`.
    public func createAccount(name: String?, type: AccountType, domain: Domain, networkDomain: String?, user: NewUser, by caller: Caller) async throws -> (Account, User) {
        guard caller.administers(domainPath: domain.path) else {
            throw DomainError.permissionDenied("Account \(caller.account.name) may not create accounts in domain \(domain.name)")
        }
        if type == .rootAdmin && !caller.isRootAdmin {
            throw DomainError.permissionDenied("Only root administrators may create root administrator accounts")
        }
        if let problem = PasswordPolicy.problem(with: user.password) { throw DomainError.invalidParameter(problem) }
        let accountName = (name?.isEmpty == false ? name : nil) ?? user.username
        let account = Account(id: ResourceID.make(), name: accountName, type: type, domainId: domain.id, networkDomain: networkDomain)
        let newUser = User(
            id: ResourceID.make(), accountId: account.id, username: user.username, passwordHash: PasswordHasher.hash(user.password),
            firstname: user.firstname, lastname: user.lastname, email: user.email, timezone: user.timezone)
        try await db.transaction { store in
            if try await store.exists("account", [.equals("name", accountName), .equals("domain_id", domain.id), .isNull("removed")]) {
                throw DomainError.invalidParameter("The specified account: \(accountName) already exists in domain \(domain.name)")
            }
            try await Self.checkUsernameFree(user.username, domainId: domain.id, store: store)
            try await store.insert(account, into: Tables.account)
            try await store.insert(newUser, into: Tables.user)
            try await events.record("ACCOUNT.CREATE", "Created account \(accountName)", by: Actor(caller), resourceId: account.id, resourceType: "Account", in: store)
            try await events.record("USER.CREATE", "Created user \(user.username)", by: Actor(caller), resourceId: newUser.id, resourceType: "User", in: store)
        }
        return (account, newUser)
    }

    static func checkUsernameFree(_ username: String, domainId: String, store: Store) async throws {
        let accounts = try await store.all(Tables.account, [.equals("domain_id", domainId)]).map(\.id)
        if try await store.exists("user", [.equals("username", username), .isIn("account_id", accounts), .isNull("removed")]) {
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
            id: ResourceID.make(), accountId: account.id, username: user.username, passwordHash: PasswordHasher.hash(user.password),
            firstname: user.firstname, lastname: user.lastname, email: user.email, timezone: user.timezone)
        try await db.transaction { store in
            try await Self.checkUsernameFree(user.username, domainId: account.domainId, store: store)
            try await store.insert(newUser, into: Tables.user)
            try await events.record("USER.CREATE", "Created user \(user.username)", by: Actor(caller), resourceId: newUser.id, resourceType: "User", in: store)
        }
        return newUser
    }

    /// Changes a user. Users may change themselves (a password change needs the current password); admins may change users they administer.
    public func updateUser(id: String, _ changes: UserChanges, by caller: Caller) async throws -> User {
        var user = try await manageableUser(id, by: caller, allowSelf: true)
        if let password = changes.password {
            if let problem = PasswordPolicy.problem(with: password) { throw DomainError.invalidParameter(problem) }
            if user.id == caller.user.id && !caller.isAdmin {
                guard let current = changes.currentPassword, PasswordHasher.verify(current, against: user.passwordHash) else {
                    throw DomainError.invalidParameter("Current password is incorrect; provide currentpassword to change your password")
                }
            }
            user.passwordHash = PasswordHasher.hash(password)
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
            try await store.update(final, in: Tables.user, id: final.id)
            try await events.record("USER.UPDATE", "Updated user \(final.username)", by: Actor(caller), resourceId: final.id, resourceType: "User", in: store)
        }
        forgetCachedCallers()
        return try await db.read.find(Tables.user, id: id)!
    }

    /// Enables or disables a user.
    public func setUserState(id: String, _ state: AccountState, by caller: Caller) async throws -> User {
        var user = try await manageableUser(id, by: caller, allowSelf: false)
        if user.id == caller.user.id { throw DomainError.invalidParameter("You can not change the state of your own user") }
        user.state = state
        let updated = user
        try await db.transaction { store in
            try await store.update(updated, in: Tables.user, id: updated.id)
            try await events.record(state == .enabled ? "USER.ENABLE" : "USER.DISABLE", "User \(updated.username) is now \(state.rawValue)", by: Actor(caller), resourceId: updated.id, resourceType: "User", in: store)
        }
        forgetCachedCallers()
        return updated
    }

    public func deleteUser(id: String, by caller: Caller) async throws {
        var user = try await manageableUser(id, by: caller, allowSelf: false)
        if user.id == caller.user.id { throw DomainError.invalidParameter("You can not delete your own user") }
        let remaining = try await db.read.count("user", [.equals("account_id", user.accountId), .isNull("removed")])
        if remaining <= 1 { throw DomainError.invalidParameter("The user \(user.username) is the last user of its account; delete the account instead") }
        user.removed = Date()
        user.apiKey = nil
        user.secretKey = nil
        let removed = user
        try await db.transaction { store in
            try await store.update(removed, in: Tables.user, id: removed.id)
            try await store.delete(from: "session", [.equals("user_id", removed.id)])
            try await events.record("USER.DELETE", "Deleted user \(removed.username)", by: Actor(caller), resourceId: removed.id, resourceType: "User", in: store)
        }
        forgetCachedCallers()
    }

    /// Changes an account's name or network domain, or its state.
    public func updateAccount(_ account: Account, newName: String?, networkDomain: String?, state: AccountState?, by caller: Caller) async throws -> Account {
        guard try await administers(accountId: account.id, caller: caller) else {
            throw DomainError.permissionDenied("Account \(caller.account.name) may not change account \(account.name)")
        }
        if account.id == caller.account.id && state != nil { throw DomainError.invalidParameter("You can not change the state of your own account") }
        var updated = account
        if let newName, !newName.isEmpty { updated.name = newName }
        if let networkDomain { updated.networkDomain = networkDomain.isEmpty ? nil : networkDomain }
        if let state { updated.state = state }
        let final = updated
        try await db.transaction { store in
            if final.name != account.name, try await store.exists("account", [.equals("name", final.name), .equals("domain_id", final.domainId), .isNull("removed")]) {
                throw DomainError.invalidParameter("The specified account: \(final.name) already exists")
            }
            try await store.update(final, in: Tables.account, id: final.id)
            let type = state == nil ? "ACCOUNT.UPDATE" : (state == .enabled ? "ACCOUNT.ENABLE" : "ACCOUNT.DISABLE")
            try await events.record(type, "Updated account \(final.name)", by: Actor(caller), resourceId: final.id, resourceType: "Account", in: store)
        }
        forgetCachedCallers()
        return final
    }

    /// Removes an account and its users. Refused while it owns guest networks.
    public func deleteAccount(_ account: Account, by caller: Caller) async throws {
        guard try await administers(accountId: account.id, caller: caller) else {
            throw DomainError.permissionDenied("Account \(caller.account.name) may not delete account \(account.name)")
        }
        if account.id == caller.account.id { throw DomainError.invalidParameter("You can not delete your own account") }
        if account.name == "admin" || account.name == "system", account.type == .rootAdmin {
            throw DomainError.invalidParameter("The built-in account \(account.name) can not be deleted")
        }
        try await db.transaction { store in
            if try await store.exists("network", [.equals("account_id", account.id), .isNull("removed")]) {
                throw DomainError.inUse("Account \(account.name) still owns guest networks; delete them first")
            }
            var removed = account
            removed.removed = Date()
            removed.state = .disabled
            try await store.update(removed, in: Tables.account, id: account.id)
            for var user in try await store.all(Tables.user, [.equals("account_id", account.id), .isNull("removed")]) {
                user.removed = Date()
                user.apiKey = nil
                user.secretKey = nil
                try await store.update(user, in: Tables.user, id: user.id)
                try await store.delete(from: "session", [.equals("user_id", user.id)])
            }
            try await events.record("ACCOUNT.DELETE", "Deleted account \(account.name)", by: Actor(caller), resourceId: account.id, resourceType: "Account", in: store)
        }
        forgetCachedCallers()
    }

    // MARK: Domains

    public func createDomain(name: String, parent: Domain, networkDomain: String?, by caller: Caller) async throws -> Domain {
        guard caller.administers(domainPath: parent.path) else {
            throw DomainError.permissionDenied("Account \(caller.account.name) may not create domains under \(parent.name)")
        }
        guard !name.contains("/"), !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.invalidParameter("Domain name must not be empty or contain '/'")
        }
        let domain = Domain(id: ResourceID.make(), name: name, parentId: parent.id, path: parent.childPath(name), level: parent.level + 1, networkDomain: networkDomain)
        try await db.transaction { store in
            if try await store.exists("domain", [.equals("path", domain.path)]) {
                throw DomainError.invalidParameter("Domain with name \(name) already exists for the parent id=\(parent.id)")
            }
            try await store.insert(domain, into: Tables.domain)
            try await events.record("DOMAIN.CREATE", "Created domain \(domain.displayPath)", by: Actor(caller), resourceId: domain.id, resourceType: "Domain", in: store)
        }
        return domain
    }

    public func updateDomain(_ domain: Domain, name: String?, networkDomain: String?, by caller: Caller) async throws -> Domain {
        guard caller.administers(domainPath: domain.path), domain.parentId != nil || name == nil else {
            throw DomainError.permissionDenied("Domain \(domain.name) can not be changed by account \(caller.account.name)")
        }
        var updated = domain
        if let networkDomain { updated.networkDomain = networkDomain.isEmpty ? nil : networkDomain }
        let final = updated
        try await db.transaction { store in
            var result = final
            if let name, name != domain.name {
                guard !name.contains("/"), !name.isEmpty else { throw DomainError.invalidParameter("Domain name must not be empty or contain '/'") }
                let newPath = String(domain.path.dropLast(domain.name.count + 1)) + name + "/"
                if try await store.exists("domain", [.equals("path", newPath)]) {
                    throw DomainError.invalidParameter("Domain with name \(name) already exists under the same parent")
                }
                for var child in try await store.all(Tables.domain) where child.path.hasPrefix(domain.path) && child.id != domain.id {
                    child.path = newPath + child.path.dropFirst(domain.path.count)
                    try await store.update(child, in: Tables.domain, id: child.id)
                }
                result.name = name
                result.path = newPath
            }
            try await store.update(result, in: Tables.domain, id: result.id)
            try await events.record("DOMAIN.UPDATE", "Updated domain \(result.displayPath)", by: Actor(caller), resourceId: result.id, resourceType: "Domain", in: store)
        }
        forgetCachedCallers()
        return try await db.read.find(Tables.domain, id: domain.id)!
    }

    /// Deletes an empty domain (no subdomains, no accounts).
    public func deleteDomain(_ domain: Domain, by caller: Caller) async throws {
        guard domain.parentId != nil else { throw DomainError.invalidParameter("The ROOT domain can not be deleted") }
        guard caller.administers(domainPath: domain.path), caller.domain.id != domain.id else {
            throw DomainError.permissionDenied("Account \(caller.account.name) may not delete domain \(domain.name)")
        }
        try await db.transaction { store in
            if try await store.exists("domain", [.equals("parent_id", domain.id)]) {
                throw DomainError.inUse("Domain \(domain.name) has subdomains; delete them first")
            }
            if try await store.exists("account", [.equals("domain_id", domain.id), .isNull("removed")]) {
                throw DomainError.inUse("Domain \(domain.name) still has accounts; delete them first")
            }
            try await store.delete(from: "domain", id: domain.id)
            try await events.record("DOMAIN.DELETE", "Deleted domain \(domain.displayPath)", by: Actor(caller), resourceId: domain.id, resourceType: "Domain", in: store)
        }
    }
}
