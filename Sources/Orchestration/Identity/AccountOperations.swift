import DomainModel
import Foundation
import Persistence

/// Accounts: creation (with their first user), changes, state and removal.
extension IdentityService {
    /// Creates an account with its first user in `domain`.
    public func createAccount(name: String?, type: AccountType, domain: Domain, networkDomain: String?, user: NewUser, by caller: Caller) async throws -> (Account, User) {
        guard caller.administers(domainPath: domain.path) else {
            throw DomainError.permissionDenied("Account \(caller.account.name) may not create accounts in domain \(domain.name)")
        }
        if type == .rootAdmin && !caller.isRootAdmin {
            throw DomainError.permissionDenied("Only root administrators may create root administrator accounts")
        }
        guard Authority.mayAct(caller.party, on: Authority.Party(accountId: "", role: type, domainPath: domain.path)) else {
            throw DomainError.permissionDenied("Account \(caller.account.name) may not create \(type.roleName) accounts in domain \(domain.name)")
        }
        if let problem = PasswordPolicy.problem(with: user.password) { throw DomainError.invalidParameter(problem) }
        let accountName = (name?.isEmpty == false ? name : nil) ?? user.username
        let account = Account(id: ResourceID.make(), name: accountName, type: type, domainId: domain.id, networkDomain: networkDomain)
        let newUser = User(
            id: ResourceID.make(), accountId: account.id, username: user.username, passwordHash: try await hashed(user.password),
            firstname: user.firstname, lastname: user.lastname, email: user.email, timezone: user.timezone)
        try await db.transaction { store in
            if try await store.exists(Tables.account, [.equals(.name, accountName), .equals(.domainId, domain.id), .isNull(.removed)]) {
                throw DomainError.invalidParameter("The specified account: \(accountName) already exists in domain \(domain.name)")
            }
            try await Self.checkUsernameFree(user.username, domainId: domain.id, store: store)
            try await store.insert(account, into: Tables.account)
            try await store.insert(newUser, into: Tables.user)
            try await events.record("ACCOUNT.CREATE", "Created account \(accountName)", by: Initiator(caller), resourceId: account.id, resourceType: "Account", in: store)
            try await events.record("USER.CREATE", "Created user \(user.username)", by: Initiator(caller), resourceId: newUser.id, resourceType: "User", in: store)
        }
        return (account, newUser)
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
            if final.name != account.name, try await store.exists(Tables.account, [.equals(.name, final.name), .equals(.domainId, final.domainId), .isNull(.removed)]) {
                throw DomainError.invalidParameter("The specified account: \(final.name) already exists")
            }
            try await store.replace(final, in: Tables.account, id: final.id)
            let type = state == nil ? "ACCOUNT.UPDATE" : (state == .enabled ? "ACCOUNT.ENABLE" : "ACCOUNT.DISABLE")
            try await events.record(type, "Updated account \(final.name)", by: Initiator(caller), resourceId: final.id, resourceType: "Account", in: store)
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
            if try await store.exists(Tables.network, [.equals(.accountId, account.id), .isNull(.removed)]) {
                throw DomainError.inUse("Account \(account.name) still owns guest networks; delete them first")
            }
            var removed = account
            removed.removed = Date()
            removed.state = .disabled
            try await store.replace(removed, in: Tables.account, id: account.id)
            for var user in try await store.all(Tables.user, [.equals(.accountId, account.id), .isNull(.removed)]) {
                user.removed = Date()
                user.apiKey = nil
                user.secretKey = nil
                try await store.replace(user, in: Tables.user, id: user.id)
                try await store.delete(from: Tables.session, [.equals(.userId, user.id)])
            }
            try await events.record("ACCOUNT.DELETE", "Deleted account \(account.name)", by: Initiator(caller), resourceId: account.id, resourceType: "Account", in: store)
        }
        forgetCachedCallers()
    }
}
