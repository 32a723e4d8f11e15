import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listPods, createPod, updatePod and deletePod.
struct PodHandlers: Sendable {
    let inventory: InventoryService
    let settings: Settings

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<Pod>] = ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name)
        if let zoneId = ctx.string("zoneid"), !zoneId.isEmpty { filters.append(.equals(.zoneId, zoneId)) }
        if let state = ctx.string("allocationstate"), !state.isEmpty {
            filters.append(AllocationState(api: state).map { .equals(.allocationState, $0) } ?? .nothing)
        }
        let (pods, total) = try await ctx.reads.page(Tables.pod, filters, page: try ctx.page)
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for pod in pods {
            var o = try await pod.apiObject(names)
            if ctx.bool("showcapacities") == true {
                o.set("capacity", objects: try await CapacityReport.scoped(
                    .pod(pod.id), zoneId: pod.zoneId, pod: (pod.id, pod.name), reads: ctx.reads, settings: settings))
            }
            items.append(o)
        }
        return .list(objectName: "pod", items: items, count: total)
    }

    func changes(_ ctx: CommandContext) -> PodChanges {
        var c = PodChanges()
        c.name = ctx.string("name")
        c.gateway = ctx.string("gateway")
        c.netmask = ctx.string("netmask")
        c.startIp = ctx.string("startip")
        c.endIp = ctx.string("endip")
        c.allocationState = ctx.string("allocationstate")
        return c
    }

    func create(_ ctx: CommandContext) async throws -> APIResponse {
        let zone = try await ctx.requiredEntity("zoneid", in: Tables.zone)
        let pod = try await inventory.createPod(zoneId: zone.id, changes(ctx), by: ctx.initiator)
        return .object(objectName: "pod", try await pod.apiObject(NameLookup(reads: ctx.reads)))
    }

    func update(_ ctx: CommandContext) async throws -> APIResponse {
        let pod = try await ctx.requiredEntity("id", in: Tables.pod)
        let updated = try await inventory.updatePod(id: pod.id, changes(ctx), by: ctx.initiator)
        return .object(objectName: "pod", try await updated.apiObject(NameLookup(reads: ctx.reads)))
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let pod = try await ctx.requiredEntity("id", in: Tables.pod)
        try await inventory.deletePod(id: pod.id, by: ctx.initiator)
        return .success()
    }
}

extension PodHandlers {
    var table: [String: CommandHandler] {
        [
            "listPods": list,
            "createPod": create,
            "updatePod": update,
            "deletePod": delete,
        ]
    }
}
