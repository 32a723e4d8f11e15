import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listPhysicalNetworks, createPhysicalNetwork, updatePhysicalNetwork and deletePhysicalNetwork.
struct PhysicalNetworkHandlers: Sendable {
    let networks: NetworkService

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<PhysicalNetwork>] = ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name)
        if let zoneId = ctx.string("zoneid"), !zoneId.isEmpty { filters.append(.equals(.zoneId, zoneId)) }
        let (networks, total) = try await ctx.reads.page(Tables.physicalNetwork, filters, page: try ctx.page)
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for network in networks { items.append(try await network.apiObject(names)) }
        return .list(objectName: "physicalnetwork", items: items, count: total)
    }

    func changes(_ ctx: CommandContext) -> PhysicalNetworkChanges {
        var c = PhysicalNetworkChanges()
        c.name = ctx.string("name")
        c.vlan = ctx.string("vlan")
        c.networkSpeed = ctx.string("networkspeed")
        c.tags = ctx.string("tags").map { _ in ctx.list("tags") ?? [] }
        c.isolationMethods = ctx.string("isolationmethods").map { _ in ctx.list("isolationmethods") ?? [] }
        c.broadcastDomainRange = ctx.string("broadcastdomainrange")
        c.state = ctx.string("state")
        return c
    }

    /// Creates the Disabled row at once (the answer carries its id) and finishes in a job, like CloudStack's create commands.
    func create(_ ctx: CommandContext) async throws -> APIResponse {
        let zone = try await ctx.requiredEntity("zoneid", in: Tables.zone)
        let domain = try await ctx.entity("domainid", in: Tables.domain)
        let network = try await networks.createPhysicalNetwork(zoneId: zone.id, changes(ctx), domainId: domain?.id, by: ctx.initiator)
        return try await ctx.runAsJob(instanceType: "PhysicalNetwork", instanceId: network.id) {
            guard let current = try await ctx.reads.find(Tables.physicalNetwork, id: network.id) else {
                throw DomainError.notFound(kind: "physical network", id: network.id, parameter: "id")
            }
            return .object(objectName: "physicalnetwork", try await current.apiObject(NameLookup(reads: ctx.reads)))
        }
    }

    func update(_ ctx: CommandContext) async throws -> APIResponse {
        let network = try await ctx.requiredEntity("id", in: Tables.physicalNetwork)
        let changes = changes(ctx)
        return try await ctx.runAsJob(instanceType: "PhysicalNetwork", instanceId: network.id) {
            let updated = try await networks.updatePhysicalNetwork(id: network.id, changes, by: ctx.initiator)
            return .object(objectName: "physicalnetwork", try await updated.apiObject(NameLookup(reads: ctx.reads)))
        }
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let network = try await ctx.requiredEntity("id", in: Tables.physicalNetwork)
        return try await ctx.runAsJob(instanceType: "PhysicalNetwork", instanceId: network.id) {
            try await networks.deletePhysicalNetwork(id: network.id, by: ctx.initiator)
            return .success()
        }
    }
}
