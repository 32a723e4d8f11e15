import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listHosts, listHostsMetrics, addHost, updateHost, deleteHost, reconnectHost,
/// prepareHostForMaintenance and cancelHostMaintenance.
enum HostHandlers {
    static func list(_ ctx: CommandContext) async throws -> APIResponse {
        let (hosts, total) = try await ctx.db.read.page(Tables.host, filters(ctx), page: try ctx.page)
        return .list(objectName: "host", items: try await render(hosts, ctx, metrics: false), count: total)
    }

    /// Like listHosts, for Routing hosts only, with the metrics fields added.
    static func metrics(_ ctx: CommandContext) async throws -> APIResponse {
        let filters: [Filter<HypervisorHost>] = filters(ctx) + [.equals(.type, "Routing")]
        let (hosts, total) = try await ctx.db.read.page(Tables.host, filters, page: try ctx.page)
        return .list(objectName: "host", items: try await render(hosts, ctx, metrics: true), count: total)
    }

    static func filters(_ ctx: CommandContext) -> [Filter<HypervisorHost>] {
        var filters: [Filter<HypervisorHost>] = [.isNull(.removed)] + ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name)
        ctx.match("zoneid", .zoneId, into: &filters)
        ctx.match("podid", .podId, into: &filters)
        ctx.match("clusterid", .clusterId, into: &filters)
        ctx.match("managementserverid", .managementServerId, into: &filters)
        ctx.match("type", .type, spelledAs: ["Routing", "Storage", "SecondaryStorage", "SecondaryStorageVM", "ConsoleProxy"], into: &filters)
        // States CloudStack has and Cumulo never records (Creating, Error, …) match no host.
        ctx.match("state", .status, into: &filters)
        ctx.match("resourcestate", .resourceState, into: &filters)
        ctx.match("hypervisor", .hypervisor, spelledAs: ["KVM"], into: &filters)
        // Cumulo dedicates no host to HA and has no out-of-band management: asking for either finds nothing.
        let powerState = ctx.string("outofbandmanagementpowerstate") ?? ""
        if ctx.bool("hahost") == true || ctx.bool("outofbandmanagementenabled") == true || !powerState.isEmpty && powerState.lowercased() != "disabled" {
            filters.append(.nothing)
        }
        return filters
    }

    static func render(_ hosts: [HypervisorHost], _ ctx: CommandContext, metrics: Bool) async throws -> [APIObject] {
        let names = NameLookup(db: ctx.db)
        var clusters: [String: Cluster] = [:]
        var items: [APIObject] = []
        for host in hosts {
            if let id = host.clusterId, clusters[id] == nil { clusters[id] = try await ctx.db.read.find(Tables.cluster, id: id) }
            let cluster = host.clusterId.flatMap { clusters[$0] }
            let live = await ctx.cloud.agents.liveFigures(ofHost: host.id)
            items.append(metrics ? try await host.metricsObject(names, cluster: cluster, live: live, settings: ctx.cloud.settings)
                                 : try await host.apiObject(names, cluster: cluster, live: live, settings: ctx.cloud.settings))
        }
        return items
    }

    static func render(_ host: HypervisorHost, _ ctx: CommandContext) async throws -> APIResponse {
        .object(objectName: "host", try await render([host], ctx, metrics: false)[0])
    }

    /// The host named by `id`; a deleted host is as unknown as one that never existed.
    static func target(_ ctx: CommandContext) async throws -> HypervisorHost {
        let host = try await ctx.requiredEntity("id", in: Tables.host)
        guard host.removed == nil else { throw APIError.unknownEntity("id", value: host.id, command: ctx.descriptor.name) }
        return host
    }

    /// Adopts the agent that connected from the host in the URL (waiting for it a while) and returns the host, Up.
    static func add(_ ctx: CommandContext) async throws -> APIResponse {
        let zone = try await ctx.requiredEntity("zoneid", in: Tables.zone)
        let pod = try await ctx.requiredEntity("podid", in: Tables.pod)
        let cluster = try await ctx.entity("clusterid", in: Tables.cluster)
        let registration = HostRegistration(
            url: try ctx.required("url"), zoneId: zone.id, podId: pod.id, clusterId: cluster?.id,
            clusterName: ctx.string("clustername"), hypervisor: try ctx.required("hypervisor"))
        let host = try await ctx.cloud.agents.addHost(registration, inventory: ctx.cloud.inventory, by: ctx.initiator)
        return .list(objectName: "host", items: try await render([host], ctx, metrics: false), count: 1)
    }

    static func update(_ ctx: CommandContext) async throws -> APIResponse {
        let host = try await target(ctx)
        let updated = try await ctx.cloud.inventory.updateHost(id: host.id, name: ctx.string("name"), allocationState: ctx.string("allocationstate"), by: ctx.initiator)
        return try await render(updated, ctx)
    }

    static func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let host = try await target(ctx)
        try await ctx.cloud.inventory.deleteHost(id: host.id, forced: ctx.bool("forced") ?? false, by: ctx.initiator)
        await ctx.cloud.agents.hostDeleted(host.id)
        return .success()
    }

    static func prepareForMaintenance(_ ctx: CommandContext) async throws -> APIResponse {
        let host = try await target(ctx)
        return try await ctx.runAsJob(instanceType: "Host", instanceId: host.id) {
            try await render(try await ctx.cloud.inventory.prepareHostForMaintenance(id: host.id, by: ctx.initiator), ctx)
        }
    }

    static func cancelMaintenance(_ ctx: CommandContext) async throws -> APIResponse {
        let host = try await target(ctx)
        return try await ctx.runAsJob(instanceType: "Host", instanceId: host.id) {
            try await render(try await ctx.cloud.inventory.cancelHostMaintenance(id: host.id, by: ctx.initiator), ctx)
        }
    }

    static func reconnect(_ ctx: CommandContext) async throws -> APIResponse {
        let host = try await target(ctx)
        return try await ctx.runAsJob(instanceType: "Host", instanceId: host.id) {
            try await render(try await ctx.cloud.agents.reconnect(hostId: host.id), ctx)
        }
    }
}

extension HostHandlers {
    static let table: [String: CommandHandler] = [
        "listHosts": list,
        "listHostsMetrics": metrics,
        "addHost": add,
        "updateHost": update,
        "deleteHost": delete,
        "prepareHostForMaintenance": prepareForMaintenance,
        "cancelHostMaintenance": cancelMaintenance,
        "reconnectHost": reconnect,
    ]
}
