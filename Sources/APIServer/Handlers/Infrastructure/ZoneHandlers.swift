import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listZones, createZone, updateZone and deleteZone.
struct ZoneHandlers: Sendable {
    let inventory: InventoryService
    let settings: Settings

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<Zone>] = ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name, .description)
        if let type = ctx.string("networktype"), !type.isEmpty { filters.append(ZoneNetworkType(api: type).map { .equals(.networkType, $0) } ?? .nothing) }
        if let domainId = ctx.string("domainid"), !domainId.isEmpty { filters.append(.equals(.domainId, domainId)) }
        let (zones, total) = try await ctx.reads.page(Tables.zone, filters, page: try ctx.page)
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for zone in zones {
            var o = try await zone.apiObject(names)
            if ctx.bool("showcapacities") == true {
                o.set("capacity", objects: try await CapacityReport.zone(zone, reads: ctx.reads, settings: settings))
            }
            items.append(o)
        }
        return .list(objectName: "zone", items: items, count: total)
    }

    func changes(_ ctx: CommandContext) -> ZoneChanges {
        var c = ZoneChanges()
        c.name = ctx.string("name")
        c.description = ctx.string("description")
        c.dns1 = ctx.string("dns1")
        c.dns2 = ctx.string("dns2")
        c.internalDns1 = ctx.string("internaldns1")
        c.internalDns2 = ctx.string("internaldns2")
        c.ip6Dns1 = ctx.string("ip6dns1")
        c.ip6Dns2 = ctx.string("ip6dns2")
        c.guestCidr = ctx.string("guestcidraddress")
        c.networkDomain = ctx.string("domain")
        c.allocationState = ctx.string("allocationstate")
        return c
    }

    func create(_ ctx: CommandContext) async throws -> APIResponse {
        let domain = try await ctx.entity("domainid", in: Tables.domain)
        let zone = try await inventory.createZone(
            changes(ctx), networkType: try ctx.required("networktype"), domainId: domain?.id,
            securityGroups: ctx.bool("securitygroupenabled") ?? false, localStorage: ctx.bool("localstorageenabled") ?? false,
            isEdge: ctx.bool("isedge") ?? false, by: ctx.initiator)
        return .object(objectName: "zone", try await zone.apiObject(NameLookup(reads: ctx.reads)))
    }

    func update(_ ctx: CommandContext) async throws -> APIResponse {
        let zone = try await ctx.requiredEntity("id", in: Tables.zone)
        let updated = try await inventory.updateZone(id: zone.id, changes(ctx), by: ctx.initiator)
        return .object(objectName: "zone", try await updated.apiObject(NameLookup(reads: ctx.reads)))
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let zone = try await ctx.requiredEntity("id", in: Tables.zone)
        try await inventory.deleteZone(id: zone.id, by: ctx.initiator)
        return .success()
    }
}

extension ZoneHandlers {
    var table: [String: CommandHandler] {
        [
            "listZones": list,
            "createZone": create,
            "updateZone": update,
            "deleteZone": delete,
        ]
    }
}
