import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of the domain commands.
struct DomainHandlers: Sendable {
    let identity: IdentityService

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<Domain>] = ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name)
        if let level = try ctx.int("level") { filters.append(.equals(.level, level)) }
        let visible = try await ctx.reads.all(Tables.domain).filter { ctx.caller.administers(domainPath: $0.path) }
        filters.append(.isIn(.id, visible.map(\.id)))
        if ctx.bool("listall") != true && !ctx.caller.isRootAdmin && ctx.string("id") == nil {
            filters.append(.equals(.id, ctx.caller.domain.id))
        }
        return try await page(filters, ctx)
    }

    func children(_ ctx: CommandContext) async throws -> APIResponse {
        let parent = try await ctx.entity("id", in: Tables.domain) ?? ctx.caller.domain
        guard ctx.caller.administers(domainPath: parent.path) else {
            throw APIError.permissionDenied("Account \(ctx.caller.account.name) may not list subdomains of \(parent.name)")
        }
        var filters: [Filter<Domain>] = ctx.keywordFilter(.name)
        if let name = ctx.string("name"), !name.isEmpty { filters.append(.equals(.name, name)) }
        if ctx.bool("isrecursive") == true {
            let ids = try await ctx.reads.all(Tables.domain).filter { $0.path.hasPrefix(parent.path) && $0.id != parent.id }.map(\.id)
            filters.append(.isIn(.id, ids))
        } else {
            filters.append(.equals(.parentId, parent.id))
        }
        return try await page(filters, ctx)
    }

    func page(_ filters: [Filter<Domain>], _ ctx: CommandContext) async throws -> APIResponse {
        let (domains, total) = try await ctx.reads.page(Tables.domain, filters, page: try ctx.page, orderBy: .path)
        var items: [APIObject] = []
        for domain in domains { items.append(try await render(domain, ctx)) }
        return .list(objectName: "domain", items: items, count: total)
    }

    func render(_ domain: Domain, _ ctx: CommandContext) async throws -> APIObject {
        let parentName = try await NameLookup(reads: ctx.reads).domain(domain.parentId)
        let hasChild = try await ctx.reads.exists(Tables.domain, [.equals(.parentId, domain.id)])
        return domain.apiObject(parentName: parentName, hasChild: hasChild)
    }

    func create(_ ctx: CommandContext) async throws -> APIResponse {
        let parent = try await ctx.entity("parentdomainid", in: Tables.domain) ?? ctx.caller.domain
        let domain = try await identity.createDomain(name: try ctx.required("name"), parent: parent, networkDomain: ctx.string("networkdomain"), by: ctx.caller)
        return .object(objectName: "domain", try await render(domain, ctx))
    }

    func update(_ ctx: CommandContext) async throws -> APIResponse {
        let domain = try await ctx.requiredEntity("id", in: Tables.domain)
        let updated = try await identity.updateDomain(domain, name: ctx.string("name"), networkDomain: ctx.string("networkdomain"), by: ctx.caller)
        return .object(objectName: "domain", try await render(updated, ctx))
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let domain = try await ctx.requiredEntity("id", in: Tables.domain)
        guard ctx.caller.administers(domainPath: domain.path) else {
            throw APIError.permissionDenied("Account \(ctx.caller.account.name) may not delete domain \(domain.name)")
        }
        return try await ctx.runAsJob(instanceType: "Domain", instanceId: domain.id) {
            try await identity.deleteDomain(domain, by: ctx.caller)
            return .success()
        }
    }
}
