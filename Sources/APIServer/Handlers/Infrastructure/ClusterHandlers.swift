import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listClusters, addCluster, updateCluster and deleteCluster.
enum ClusterHandlers {
    static func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters = ctx.identityFilters() + ctx.keywordFilter("name")
        for (parameter, column) in [("zoneid", "zone_id"), ("podid", "pod_id")] {
            if let id = ctx.string(parameter), !id.isEmpty { filters.append(.equals(column, id)) }
        }
        let spellings = [
            ("hypervisor", "hypervisor", ["KVM"]), ("clustertype", "cluster_type", ["CloudManaged", "ExternalManaged"]),
            ("managedstate", "managed_state", ["Managed", "Unmanaged"]),
        ]
        for (parameter, column, known) in spellings {
            guard let value = ctx.string(parameter), !value.isEmpty else { continue }
            filters.append(.equals(column, known.first { $0.lowercased() == value.lowercased() } ?? value))
        }
        if let state = ctx.string("allocationstate"), !state.isEmpty {
            filters.append(.equals("allocation_state", AllocationState(api: state)?.rawValue ?? state))
        }
        let (clusters, total) = try await ctx.db.read.page(Tables.cluster, filters, page: try ctx.page)
        let names = NameLookup(db: ctx.db)
        var items: [APIObject] = []
        for cluster in clusters {
            var o = try await cluster.apiObject(names, settings: ctx.cloud.settings)
            if ctx.bool("showcapacities") == true {
                o.set("capacity", objects: try await CapacityReport.scoped(
                    "cluster_id", cluster.id, zoneId: cluster.zoneId, pod: (cluster.podId, try await names.pod(cluster.podId)),
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
        let cluster = try await ctx.cloud.inventory.addCluster(podId: pod.id, zoneId: zone.id, changes(ctx, name: "clustername"), by: ctx.actor)
        return .list(objectName: "cluster", items: [try await cluster.apiObject(NameLookup(db: ctx.db), settings: ctx.cloud.settings)], count: 1)
    }

    static func update(_ ctx: CommandContext) async throws -> APIResponse {
        let cluster = try await ctx.requiredEntity("id", in: Tables.cluster)
        let updated = try await ctx.cloud.inventory.updateCluster(id: cluster.id, changes(ctx, name: "clustername"), by: ctx.actor)
        return .object(objectName: "cluster", try await updated.apiObject(NameLookup(db: ctx.db), settings: ctx.cloud.settings))
    }

    static func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let cluster = try await ctx.requiredEntity("id", in: Tables.cluster)
        try await ctx.cloud.inventory.deleteCluster(id: cluster.id, by: ctx.actor)
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
