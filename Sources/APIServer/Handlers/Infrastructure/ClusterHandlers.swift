import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listClusters, addCluster, updateCluster and deleteCluster.
enum ClusterHandlers {
    static func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<Cluster>] = ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name)
        ctx.match("zoneid", .zoneId, into: &filters)
        ctx.match("podid", .podId, into: &filters)
        ctx.match("hypervisor", .hypervisor, spelledAs: ["KVM"], into: &filters)
        ctx.match("clustertype", .clusterType, spelledAs: ["CloudManaged", "ExternalManaged"], into: &filters)
        ctx.match("managedstate", .managedState, spelledAs: ["Managed", "Unmanaged"], into: &filters)
        if let state = ctx.string("allocationstate"), !state.isEmpty {
            filters.append(AllocationState(api: state).map { .equals(.allocationState, $0) } ?? .nothing)
        }
        let (clusters, total) = try await ctx.db.read.page(Tables.cluster, filters, page: try ctx.page)
        let names = NameLookup(db: ctx.db)
        var items: [APIObject] = []
        for cluster in clusters {
            var o = try await cluster.apiObject(names, settings: ctx.cloud.settings)
            if ctx.bool("showcapacities") == true {
                o.set("capacity", objects: try await CapacityReport.scoped(
                    .cluster(cluster.id), zoneId: cluster.zoneId, pod: (cluster.podId, try await names.pod(cluster.podId)),
                    cluster: (cluster.id, cluster.name), db: ctx.db, settings: ctx.cloud.settings))
            }
            items.append(o)
        }
        return .list(objectName: "cluster", items: items, count: total)
    }

    static func changes(_ ctx: CommandContext, name: String) -> ClusterChanges {
        var c = ClusterChanges()
        c.name = ctx.string(name)
        c.hypervisor = ctx.string("hypervisor").flatMap { $0.isEmpty ? nil : $0 }
        c.clusterType = ctx.string("clustertype").flatMap { $0.isEmpty ? nil : $0 }
        c.allocationState = ctx.string("allocationstate").flatMap { $0.isEmpty ? nil : $0 }
        c.managedState = ctx.string("managedstate").flatMap { $0.isEmpty ? nil : $0 }
        return c
    }

    /// addCluster answers with a list holding the new cluster, as CloudStack does.
    static func add(_ ctx: CommandContext) async throws -> APIResponse {
        let zone = try await ctx.requiredEntity("zoneid", in: Tables.zone)
        let pod = try await ctx.requiredEntity("podid", in: Tables.pod)
        let cluster = try await ctx.cloud.inventory.addCluster(podId: pod.id, zoneId: zone.id, changes(ctx, name: "clustername"), by: ctx.initiator)
        return .list(objectName: "cluster", items: [try await cluster.apiObject(NameLookup(db: ctx.db), settings: ctx.cloud.settings)], count: 1)
    }

    static func update(_ ctx: CommandContext) async throws -> APIResponse {
        let cluster = try await ctx.requiredEntity("id", in: Tables.cluster)
        let updated = try await ctx.cloud.inventory.updateCluster(id: cluster.id, changes(ctx, name: "clustername"), by: ctx.initiator)
        return .object(objectName: "cluster", try await updated.apiObject(NameLookup(db: ctx.db), settings: ctx.cloud.settings))
    }

    static func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let cluster = try await ctx.requiredEntity("id", in: Tables.cluster)
        try await ctx.cloud.inventory.deleteCluster(id: cluster.id, by: ctx.initiator)
        return .success()
    }
}

extension ClusterHandlers {
    static let table: [String: CommandHandler] = [
        "listClusters": list,
        "addCluster": add,
        "updateCluster": update,
        "deleteCluster": delete,
    ]
}
