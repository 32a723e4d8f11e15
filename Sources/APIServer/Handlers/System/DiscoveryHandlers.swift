import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listApis, listCapabilities and listRegions.
struct DiscoveryHandlers: Sendable {
    let settings: Settings

    func listApis(_ ctx: CommandContext) async throws -> APIResponse {
        var commands = Commands.all.filter { AccessPolicy.allows($0.access, ctx.caller) }
        if let name = ctx.string("name"), !name.isEmpty {
            commands = commands.filter { $0.name == name }
            guard !commands.isEmpty else {
                throw APIError.internalError("Api Discovery plugin was unable to find an api by that name or process any apis")
            }
        }
        let apis = APIDiscovery.describe(commands, for: AccessPolicy.role(of: ctx.caller))
        return .list(objectName: "api", items: apis, count: apis.count)
    }

    func listCapabilities(_ ctx: CommandContext) async throws -> APIResponse {
        var o = APIObject()
        if settings.bool("expose.cloudstack.version.api.list.capabilities") {
            o.set("cloudstackversion", CloudVersion.current)
        }
        o.set("securitygroupsenabled", false)
        o.set("dynamicrolesenabled", false)
        o.set("userpublictemplateenabled", true)
        o.set("kvmsnapshotenabled", false)
        o.set("allowusercreateprojects", false)
        o.set("customdiskofferingminsize", 1)
        o.set("customdiskofferingmaxsize", 1024)
        o.set("regionsecondaryenabled", false)
        o.set("defaultuipagesize", 20)
        o.set("supportELB", "false")
        o.set("projectinviterequired", false)
        o.set("allowuserviewdestroyedvm", true)
        o.set("allowuserexpungerecovervm", true)
        return .object(objectName: "capability", o)
    }

    func listRegions(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<Region>] = ctx.keywordFilter(.name)
        if let id = try ctx.int("id") { filters.append(.equals(.id, id)) }
        if let name = ctx.string("name"), !name.isEmpty { filters.append(.equals(.name, name)) }
        let (regions, total) = try await ctx.reads.page(Tables.region, filters, page: try ctx.page, orderBy: .id)
        let items = regions.map { region -> APIObject in
            var o = APIObject()
            o.set("id", region.id)
            o.set("name", region.name)
            o.set("endpoint", region.endpoint)
            o.set("gslbserviceenabled", false)
            o.set("portableipserviceenabled", false)
            return o
        }
        return .list(objectName: "region", items: items, count: total)
    }
}

extension DiscoveryHandlers {
    var table: [String: CommandHandler] {
        [
            "listApis": listApis,
            "listCapabilities": listCapabilities,
            "listRegions": listRegions,
        ]
    }
}
