import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listClusters, addCluster, updateCluster and deleteCluster.
struct ClusterHandlers: Sendable {
    let inventory: InventoryService
    let settings: Settings

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<Cluster>] = ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name)
        ctx.match("zoneid", .zoneId, into: &filters)
        ctx.match("podid", .podId, into: &filters)
        ctx.match("hypervisor", .hypervisor, spelledAs: ["KVM"], into: &filters)
        ctx.match("clustertype", .clusterType, spelledAs: ["CloudManaged", "ExternalManaged"], into: &filters)
        ctx.match("managedstate", .managedState, spelledAs: ["Managed", "Unmanaged"], into: &filters)
        if let state = ctx.string("allocationstate"), !state.isEmpty {
            filters.append(AllocationState(api: state).map { .equals(.allocationState, $0) } ?? .nothing)
        }
        let (clusters, total) = try await ctx.reads.page(Tables.cluster, filters, page: try ctx.page)
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for cluster in clusters {
            var o = try await cluster.apiObject(names, settings: settings)
            if ctx.bool("showcapacities") == true {
                o.set("capacity", objects: try await CapacityReport.scoped(
                    .cluster(cluster.id), zoneId: cluster.zoneId, pod: (cluster.podId, try await names.pod(cluster.podId)),
                    cluster: (cluster.id, cluster.name), reads: ctx.reads, settings: settings))
            }
            items.append(o)
        }
        return .list(objectName: "cluster", items: items, count: total)
    }

    func changes(_ ctx: CommandContext, name: String) -> ClusterChanges {
        var c = ClusterChanges()
        c.name = ctx.string(name)
        c.hypervisor = ctx.string("hypervisor").flatMap { $0.isEmpty ? nil : $0 }
        c.clusterType = ctx.string("clustertype").flatMap { $0.isEmpty ? nil : $0 }
        c.allocationState = ctx.string("allocationstate").flatMap { $0.isEmpty ? nil : $0 }
        c.managedState = ctx.string("managedstate").flatMap { $0.isEmpty ? nil : $0 }
        return c
    }

    /// addCluster answers with a list holding the new cluster, as CloudStack does.
    func add(_ ctx: CommandContext) async throws -> APIResponse {
        let zone = try await ctx.requiredEntity("zoneid", in: Tables.zone)
        let pod = try await ctx.requiredEntity("podid", in: Tables.pod)
        let cluster = try await inventory.addCluster(podId: pod.id, zoneId: zone.id, changes(ctx, name: "clustername"), by: ctx.initiator)
        return .list(objectName: "cluster", items: [try await cluster.apiObject(NameLookup(reads: ctx.reads), settings: settings)], count: 1)
    }

    func update(_ ctx: CommandContext) async throws -> APIResponse {
        let cluster = try await ctx.requiredEntity("id", in: Tables.cluster)
        let updated = try await inventory.updateCluster(id: cluster.id, changes(ctx, name: "clustername"), by: ctx.initiator)
        return .object(objectName: "cluster", try await updated.apiObject(NameLookup(reads: ctx.reads), settings: settings))
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let cluster = try await ctx.requiredEntity("id", in: Tables.cluster)
        try await inventory.deleteCluster(id: cluster.id, by: ctx.initiator)
        return .success()
    }
}

extension ClusterHandlers {
    var table: [String: CommandHandler] {
        [
            "listClusters": list,
            "addCluster": add,
            "updateCluster": update,
            "deleteCluster": delete,
        ]
    }
}
