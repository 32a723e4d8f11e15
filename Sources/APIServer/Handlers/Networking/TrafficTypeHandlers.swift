import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of addTrafficType, listTrafficTypes and deleteTrafficType.
struct TrafficTypeHandlers: Sendable {
    let networks: NetworkService

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        let network = try await ctx.requiredEntity("physicalnetworkid", in: Tables.physicalNetwork)
        let filters: [Filter<TrafficType>] = [.equals(.physicalNetworkId, network.id)] + ctx.keywordFilter(.trafficType)
        let (types, total) = try await ctx.reads.page(Tables.trafficType, filters, page: try ctx.page)
        return .list(objectName: "traffictype", items: types.map(\.apiObject), count: total)
    }

    /// Adds the row at once (the answer carries its id) and finishes in a job, like CloudStack's create commands.
    func add(_ ctx: CommandContext) async throws -> APIResponse {
        let network = try await ctx.requiredEntity("physicalnetworkid", in: Tables.physicalNetwork)
        let traffic = try await networks.addTrafficType(
            physicalNetworkId: network.id, type: try ctx.required("traffictype"), kvmNetworkLabel: ctx.string("kvmnetworklabel"), by: ctx.initiator)
        return try await ctx.runAsJob(instanceType: "TrafficType", instanceId: traffic.id) {
            guard let current = try await ctx.reads.find(Tables.trafficType, id: traffic.id) else {
                throw DomainError.notFound(kind: "traffic type", id: traffic.id, parameter: "id")
            }
            return .object(objectName: "traffictype", current.apiObject)
        }
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let traffic = try await ctx.requiredEntity("id", in: Tables.trafficType)
        return try await ctx.runAsJob(instanceType: "TrafficType", instanceId: traffic.id) {
            try await networks.deleteTrafficType(id: traffic.id, by: ctx.initiator)
            return .success()
        }
    }
}
