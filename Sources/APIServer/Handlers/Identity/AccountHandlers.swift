import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of the account commands.
struct AccountHandlers: Sendable {
    let identity: IdentityService

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<Account>] = ctx.keywordFilter(.name) + [.isNull(.removed)]
        if let id = ctx.string("id"), !id.isEmpty { filters.append(.equals(.id, id)) }
        if let name = ctx.string("name"), !name.isEmpty { filters.append(.equals(.name, name)) }
        if let type = try ctx.int("accounttype") { filters.append(AccountType(rawValue: type).map { .equals(.type, $0) } ?? .nothing) }
        ctx.match("state", .state, into: &filters)
        if !ctx.caller.isAdmin {
            filters.append(.equals(.id, ctx.caller.account.id))
        } else if let domain = try await ctx.entity("domainid", in: Tables.domain) {
            guard ctx.caller.administers(domainPath: domain.path) else {
                throw APIError.permissionDenied("Account \(ctx.caller.account.name) may not list accounts of domain \(domain.name)")
            }
            let domains = ctx.bool("isrecursive") == true
                ? try await ctx.reads.all(Tables.domain).filter { $0.path.hasPrefix(domain.path) }.map(\.id) : [domain.id]
            filters.append(.isIn(.domainId, domains))
        } else if !ctx.caller.isRootAdmin {
            let domains = try await ctx.reads.all(Tables.domain).filter { ctx.caller.administers(domainPath: $0.path) }.map(\.id)
            filters.append(.isIn(.domainId, domains))
        }
        let (accounts, total) = try await ctx.reads.page(Tables.account, filters, page: try ctx.page)
        var items: [APIObject] = []
        for account in accounts { items.append(try await render(account, ctx)) }
        return .list(objectName: "account", items: items, count: total)
    }

    func render(_ account: Account, _ ctx: CommandContext) async throws -> APIObject {
        let domain = try await ctx.reads.find(Tables.domain, id: account.domainId)
        let users = try await ctx.reads.all(Tables.user, [.equals(.accountId, account.id), .isNull(.removed)])
        let rendered = users.map { $0.apiObject(account: account, domain: domain, showKeys: $0.id == ctx.caller.user.id) }
        return account.apiObject(domain: domain, users: rendered)
    }

    func create(_ ctx: CommandContext) async throws -> APIResponse {
        let domain = try await ctx.entity("domainid", in: Tables.domain) ?? ctx.caller.domain
        let typeNumber = try ctx.int("accounttype") ?? 0
        guard let type = AccountType(rawValue: typeNumber) else {
            throw APIError.invalidParameter("Invalid account type \(typeNumber); use 0 (user), 1 (root admin) or 2 (domain admin)")
        }
        let user = NewUser(
            username: try ctx.required("username"), password: try ctx.required("password"),
            firstname: try ctx.required("firstname"), lastname: try ctx.required("lastname"),
            email: ctx.string("email"), timezone: ctx.string("timezone"))
        let (account, _) = try await identity.createAccount(
            name: ctx.string("account"), type: type, domain: domain, networkDomain: ctx.string("networkdomain"), user: user, by: ctx.caller)
        return .object(objectName: "account", try await render(account, ctx))
    }

    /// The account named by `id`, or by `account` + `domainid`, that the caller administers.
    func target(_ ctx: CommandContext) async throws -> Account {
        let account = try await named(ctx)
        guard try await identity.administers(accountId: account.id, caller: ctx.caller) else {
            throw APIError.permissionDenied("Account \(ctx.caller.account.name) may not change account \(account.name)")
        }
        return account
    }

    func named(_ ctx: CommandContext) async throws -> Account {
        if let account = try await ctx.entity("id", in: Tables.account), account.removed == nil { return account }
        if let name = ctx.string("account"), let domain = try await ctx.entity("domainid", in: Tables.domain),
           let account = try await ctx.reads.first(Tables.account, [.equals(.name, name), .equals(.domainId, domain.id), .isNull(.removed)]) {
            return account
        }
        throw APIError.invalidParameter("Please specify a valid account id, or account and domainid")
    }

    func update(_ ctx: CommandContext) async throws -> APIResponse {
        let account = try await target(ctx)
        let updated = try await identity.updateAccount(account, newName: ctx.string("newname"), networkDomain: ctx.string("networkdomain"), state: nil, by: ctx.caller)
        return .object(objectName: "account", try await render(updated, ctx))
    }

    func enable(_ ctx: CommandContext) async throws -> APIResponse {
        let account = try await target(ctx)
        let updated = try await identity.updateAccount(account, newName: nil, networkDomain: nil, state: .enabled, by: ctx.caller)
        return .object(objectName: "account", try await render(updated, ctx))
    }

    func disable(_ ctx: CommandContext) async throws -> APIResponse {
        let account = try await target(ctx)
        let state: AccountState = ctx.bool("lock") == true ? .locked : .disabled
        return try await ctx.runAsJob(instanceType: "Account", instanceId: account.id) {
            let updated = try await identity.updateAccount(account, newName: nil, networkDomain: nil, state: state, by: ctx.caller)
            return .object(objectName: "account", try await render(updated, ctx))
        }
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let account = try await ctx.requiredEntity("id", in: Tables.account)
        guard account.removed == nil else { throw APIError.unknownEntity("id", value: account.id, command: ctx.descriptor.name) }
        guard try await identity.administers(accountId: account.id, caller: ctx.caller) else {
            throw APIError.permissionDenied("Account \(ctx.caller.account.name) may not delete account \(account.name)")
        }
        return try await ctx.runAsJob(instanceType: "Account", instanceId: account.id) {
            try await identity.deleteAccount(account, by: ctx.caller)
            return .success()
        }
    }
}
