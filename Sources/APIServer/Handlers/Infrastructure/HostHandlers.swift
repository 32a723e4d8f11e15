import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listHosts, listHostsMetrics, addHost, updateHost, deleteHost, reconnectHost,
/// prepareHostForMaintenance and cancelHostMaintenance.
struct HostHandlers: Sendable {
    let inventory: InventoryService
    let agents: AgentService
    let settings: Settings

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        let (hosts, total) = try await ctx.reads.page(Tables.host, filters(ctx), page: try ctx.page)
        return .list(objectName: "host", items: try await render(hosts, ctx, metrics: false), count: total)
    }

    /// Like listHosts, for Routing hosts only, with the metrics fields added.
    func metrics(_ ctx: CommandContext) async throws -> APIResponse {
        let filters: [Filter<HypervisorHost>] = filters(ctx) + [.equals(.type, "Routing")]
        let (hosts, total) = try await ctx.reads.page(Tables.host, filters, page: try ctx.page)
        return .list(objectName: "host", items: try await render(hosts, ctx, metrics: true), count: total)
    }

    func filters(_ ctx: CommandContext) -> [Filter<HypervisorHost>] {
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

    func render(_ hosts: [HypervisorHost], _ ctx: CommandContext, metrics: Bool) async throws -> [APIObject] {
        let names = NameLookup(reads: ctx.reads)
        var clusters: [String: Cluster] = [:]
        var items: [APIObject] = []
        for host in hosts {
            if let id = host.clusterId, clusters[id] == nil { clusters[id] = try await ctx.reads.find(Tables.cluster, id: id) }
            let cluster = host.clusterId.flatMap { clusters[$0] }
            let live = await agents.liveFigures(ofHost: host.id)
            items.append(metrics ? try await host.metricsObject(names, cluster: cluster, live: live, settings: settings)
                                 : try await host.apiObject(names, cluster: cluster, live: live, settings: settings))
        }
        return items
    }

    func render(_ host: HypervisorHost, _ ctx: CommandContext) async throws -> APIResponse {
        .object(objectName: "host", try await render([host], ctx, metrics: false)[0])
    }

    /// The host named by `id`; a deleted host is as unknown as one that never existed.
    func target(_ ctx: CommandContext) async throws -> HypervisorHost {
        let host = try await ctx.requiredEntity("id", in: Tables.host)
        guard host.removed == nil else { throw APIError.unknownEntity("id", value: host.id, command: ctx.descriptor.name) }
        return host
    }

    /// Adopts the agent that connected from the host in the URL (waiting for it a while) and returns the host, Up.
    func add(_ ctx: CommandContext) async throws -> APIResponse {
        let zone = try await ctx.requiredEntity("zoneid", in: Tables.zone)
        let pod = try await ctx.requiredEntity("podid", in: Tables.pod)
        let cluster = try await ctx.entity("clusterid", in: Tables.cluster)
        let registration = HostRegistration(
            url: try ctx.required("url"), zoneId: zone.id, podId: pod.id, clusterId: cluster?.id,
            clusterName: ctx.string("clustername"), hypervisor: try ctx.required("hypervisor"))
        let host = try await agents.addHost(registration, inventory: inventory, by: ctx.initiator)
        return .list(objectName: "host", items: try await render([host], ctx, metrics: false), count: 1)
    }

    func update(_ ctx: CommandContext) async throws -> APIResponse {
        let host = try await target(ctx)
        let updated = try await inventory.updateHost(id: host.id, name: ctx.string("name"), allocationState: ctx.string("allocationstate"), by: ctx.initiator)
        return try await render(updated, ctx)
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let host = try await target(ctx)
        try await inventory.deleteHost(id: host.id, forced: ctx.bool("forced") ?? false, by: ctx.initiator)
        await agents.hostDeleted(host.id)
        return .success()
    }

    func prepareForMaintenance(_ ctx: CommandContext) async throws -> APIResponse {
        let host = try await target(ctx)
        return try await ctx.runAsJob(instanceType: "Host", instanceId: host.id) {
            try await render(try await inventory.prepareHostForMaintenance(id: host.id, by: ctx.initiator), ctx)
        }
    }

    func cancelMaintenance(_ ctx: CommandContext) async throws -> APIResponse {
        let host = try await target(ctx)
        return try await ctx.runAsJob(instanceType: "Host", instanceId: host.id) {
            try await render(try await inventory.cancelHostMaintenance(id: host.id, by: ctx.initiator), ctx)
        }
    }

    func reconnect(_ ctx: CommandContext) async throws -> APIResponse {
        let host = try await target(ctx)
        return try await ctx.runAsJob(instanceType: "Host", instanceId: host.id) {
            try await render(try await agents.reconnect(hostId: host.id), ctx)
        }
    }
}

extension HostHandlers {
    var table: [String: CommandHandler] {
        [
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
}
