import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of the user and API key commands.
struct UserHandlers: Sendable {
    let identity: IdentityService

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<User>] = ctx.keywordFilter(.username, .firstname, .lastname, .email) + [.isNull(.removed)]
        if let id = ctx.string("id"), !id.isEmpty { filters.append(.equals(.id, id)) }
        if let name = ctx.string("username"), !name.isEmpty { filters.append(.equals(.username, name)) }
        ctx.match("state", .state, into: &filters)
        var accountFilters: [Filter<Account>] = [.isNull(.removed)]
        if let type = try ctx.int("accounttype") { accountFilters.append(AccountType(rawValue: type).map { .equals(.type, $0) } ?? .nothing) }
        if !ctx.caller.isAdmin {
            accountFilters.append(.equals(.id, ctx.caller.account.id))
        } else {
            if let domain = try await ctx.entity("domainid", in: Tables.domain) {
                guard ctx.caller.administers(domainPath: domain.path) else {
                    throw APIError.permissionDenied("Account \(ctx.caller.account.name) may not list users of domain \(domain.name)")
                }
                accountFilters.append(.equals(.domainId, domain.id))
            } else if !ctx.caller.isRootAdmin {
                let domains = try await ctx.reads.all(Tables.domain).filter { ctx.caller.administers(domainPath: $0.path) }.map(\.id)
                accountFilters.append(.isIn(.domainId, domains))
            }
            if let name = ctx.string("account"), !name.isEmpty { accountFilters.append(.equals(.name, name)) }
        }
        let accounts = try await ctx.reads.all(Tables.account, accountFilters)
        filters.append(.isIn(.accountId, accounts.map(\.id)))
        let (users, total) = try await ctx.reads.page(Tables.user, filters, page: try ctx.page)
        let accountsById = Dictionary(uniqueKeysWithValues: accounts.map { ($0.id, $0) })
        var items: [APIObject] = []
        for user in users {
            guard let account = accountsById[user.accountId] else { continue }
            let domain = try await ctx.reads.find(Tables.domain, id: account.domainId)
            items.append(user.apiObject(account: account, domain: domain, showKeys: user.id == ctx.caller.user.id))
        }
        return .list(objectName: "user", items: items, count: total)
    }

    func render(_ user: User, _ ctx: CommandContext) async throws -> APIObject {
        let account = try await ctx.reads.find(Tables.account, id: user.accountId)!
        let domain = try await ctx.reads.find(Tables.domain, id: account.domainId)
        return user.apiObject(account: account, domain: domain, showKeys: user.id == ctx.caller.user.id)
    }

    func create(_ ctx: CommandContext) async throws -> APIResponse {
        let accountName = try ctx.required("account")
        let domain = try await ctx.entity("domainid", in: Tables.domain) ?? ctx.caller.domain
        guard let account = try await ctx.reads.first(Tables.account, [.equals(.name, accountName), .equals(.domainId, domain.id), .isNull(.removed)]) else {
            throw APIError.invalidParameter("Unable to find account \(accountName) in domain \(domain.name)")
        }
        let user = NewUser(
            username: try ctx.required("username"), password: try ctx.required("password"),
            firstname: try ctx.required("firstname"), lastname: try ctx.required("lastname"),
            email: ctx.string("email"), timezone: ctx.string("timezone"))
        let created = try await identity.createUser(in: account, user: user, by: ctx.caller)
        return .object(objectName: "user", try await render(created, ctx))
    }

    func update(_ ctx: CommandContext) async throws -> APIResponse {
        let id = try ctx.required("id")
        var changes = UserChanges()
        changes.username = ctx.string("username")
        changes.password = ctx.string("password")
        changes.currentPassword = ctx.string("currentpassword")
        changes.firstname = ctx.string("firstname")
        changes.lastname = ctx.string("lastname")
        changes.email = ctx.string("email")
        changes.timezone = ctx.string("timezone")
        let user = try await identity.updateUser(id: id, changes, by: ctx.caller)
        return .object(objectName: "user", try await render(user, ctx))
    }

    func enable(_ ctx: CommandContext) async throws -> APIResponse {
        let user = try await identity.setUserState(id: try ctx.required("id"), .enabled, by: ctx.caller)
        return .object(objectName: "user", try await render(user, ctx))
    }

    func disable(_ ctx: CommandContext) async throws -> APIResponse {
        let id = try ctx.required("id")
        _ = try await identity.manageableUser(id, by: ctx.caller, allowSelf: false)
        return try await ctx.runAsJob(instanceType: "User", instanceId: id) {
            let user = try await identity.setUserState(id: id, .disabled, by: ctx.caller)
            return .object(objectName: "user", try await render(user, ctx))
        }
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        try await identity.deleteUser(id: try ctx.required("id"), by: ctx.caller)
        return .success()
    }

    func registerKeys(_ ctx: CommandContext) async throws -> APIResponse {
        let user = try await identity.registerKeys(userId: try ctx.required("id"), by: ctx.caller)
        return .object(objectName: "userkeys", keys(user))
    }

    func getKeys(_ ctx: CommandContext) async throws -> APIResponse {
        let user = try await identity.manageableUser(try ctx.required("id"), by: ctx.caller, allowSelf: true)
        return .object(objectName: "userkeys", keys(user))
    }

    func keys(_ user: User) -> APIObject {
        var o = APIObject()
        o.set("apikey", user.apiKey)
        o.set("secretkey", user.secretKey)
        return o
    }
}
