import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listStoragePools, createStoragePool, updateStoragePool and deleteStoragePool.
struct StorageHandlers: Sendable {
    let inventory: InventoryService
    let agents: AgentService
    let settings: Settings

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<StoragePool>] = ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name)
        ctx.match("zoneid", .zoneId, into: &filters)
        ctx.match("podid", .podId, into: &filters)
        ctx.match("clusterid", .clusterId, into: &filters)
        ctx.match("ipaddress", .host, into: &filters)
        ctx.match("path", .path, into: &filters)
        if let scope = ctx.string("scope"), !scope.isEmpty { filters.append(.equals(.scope, scope.uppercased())) }
        ctx.match("status", .state, into: &filters)
        if try await ctx.entity("hostid", in: Tables.host) != nil {
            // Pools are attached to hosts by their agents; until one has connected no pool is attached to any host.
            filters.append(.nothing)
        }
        let (pools, total) = try await ctx.reads.page(Tables.storagePool, filters, page: try ctx.page)
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for pool in pools { items.append(try await pool.apiObject(names, settings: settings)) }
        return .list(objectName: "storagepool", items: items, count: total)
    }

    func create(_ ctx: CommandContext) async throws -> APIResponse {
        let zone = try await ctx.requiredEntity("zoneid", in: Tables.zone)
        let pod = try await ctx.entity("podid", in: Tables.pod)
        let cluster = try await ctx.entity("clusterid", in: Tables.cluster)
        var spec = StoragePoolSpec(name: try ctx.required("name"), url: try ctx.required("url"), zoneId: zone.id)
        spec.podId = pod?.id
        spec.clusterId = cluster?.id
        spec.scope = ctx.string("scope")
        spec.hypervisor = ctx.string("hypervisor")
        spec.provider = ctx.string("provider")
        spec.tags = ctx.string("tags")
        spec.capacityBytes = try ctx.int64("capacitybytes")
        let created = try await inventory.createStoragePool(spec, by: ctx.initiator)
        let pool: StoragePool
        do {
            pool = try await agents.attachNewPool(created)
        } catch {
            // Hosts exist in the pool's scope but none reaches it: the pool is not kept, as in CloudStack.
            await agents.detachPool(created.id)
            try? await inventory.deleteStoragePool(id: created.id, forced: true, by: ctx.initiator)
            throw error
        }
        return .object(objectName: "storagepool", try await pool.apiObject(NameLookup(reads: ctx.reads), settings: settings))
    }

    func update(_ ctx: CommandContext) async throws -> APIResponse {
        let pool = try await ctx.requiredEntity("id", in: Tables.storagePool)
        var changes = StoragePoolChanges()
        changes.name = ctx.string("name")
        changes.tags = ctx.string("tags")
        changes.capacityBytes = try ctx.int64("capacitybytes")
        changes.enabled = ctx.bool("enabled")
        let updated = try await inventory.updateStoragePool(id: pool.id, changes, by: ctx.initiator)
        return .object(objectName: "storagepool", try await updated.apiObject(NameLookup(reads: ctx.reads), settings: settings))
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let pool = try await ctx.requiredEntity("id", in: Tables.storagePool)
        try await inventory.deleteStoragePool(id: pool.id, forced: ctx.bool("forced") ?? false, by: ctx.initiator)
        await agents.detachPool(pool.id)
        return .success()
    }
}

extension StorageHandlers {
    var table: [String: CommandHandler] {
        [
            "listStoragePools": list,
            "createStoragePool": create,
            "updateStoragePool": update,
            "deleteStoragePool": delete,
        ]
    }
}
