import APIModel
import DomainModel
import Orchestration
import Persistence

/// Who may see and change which templates and ISOs, and the owner of new ones.
enum ImageAccess {
    /// The caller as `TemplateFilter` sees it; `ownerScope` comes from `listall`/`account`/`domainid`.
    static func viewer(_ ctx: CommandContext, ownerScope: Set<String>?) -> TemplateViewer {
        let caller = ctx.caller
        let role: TemplateViewer.Role = caller.isRootAdmin ? .rootAdmin : caller.isAdmin ? .domainAdmin : .user
        return TemplateViewer(accountId: caller.account.id, domainPath: caller.domain.path, role: role, ownerScope: ownerScope)
    }

    /// The live template or ISO named by parameter `name` that the caller may see; with `change`, one it may also
    /// change (its own, or one in a domain it administers whose owner does not outrank it). An image the caller
    /// cannot see is reported as unknown.
    static func target(_ ctx: CommandContext, isIso: Bool, change: Bool, parameter name: String = "id") async throws -> Template {
        let id = try ctx.required(name)
        guard ResourceID.isWellFormed(id), let template = try await ctx.reads.find(Tables.template, id: id),
              template.removed == nil, template.isIso == isIso else {
            throw APIError.unknownEntity(name, value: id, command: ctx.descriptor.name)
        }
        let caller = ctx.caller
        let administered = try await administers(ctx, template)
        let own = template.accountId == caller.account.id
        if !own && !administered && !template.isPublic {
            let shared = try await ctx.reads.count(
                Tables.templatePermission, [.equals(.templateId, template.id), .equals(.accountId, caller.account.id)]) > 0
            guard shared else { throw APIError.unknownEntity(name, value: id, command: ctx.descriptor.name) }
        }
        let mayChange = try await administered ? ctx.mayAct(onAccountId: template.accountId) : own
        if change && !mayChange {
            throw APIError.permissionDenied("Account \(caller.account.name) does not have permission to change \(template.kindName) \(template.name)")
        }
        return template
    }

    static func administers(_ ctx: CommandContext, _ template: Template) async throws -> Bool {
        guard ctx.caller.isAdmin else { return false }
        guard let domain = try await ctx.reads.find(Tables.domain, id: template.domainId) else { return ctx.caller.isRootAdmin }
        return ctx.caller.administers(domainPath: domain.path)
    }

    /// The owner of a new image: the caller's account, or the account an administrator names with `account` + `domainid`.
    static func owner(_ ctx: CommandContext) async throws -> Account {
        try await ctx.actingAccount(purpose: "register images for")
    }
}
