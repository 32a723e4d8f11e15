import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of createVlanIpRange, listVlanIpRanges and deleteVlanIpRange.
struct VlanIpRangeHandlers: Sendable {
    let networks: NetworkService

    func create(_ ctx: CommandContext) async throws -> APIResponse {
        let network = try await ctx.entity("networkid", in: Tables.network)
        let zone = try await ctx.entity("zoneid", in: Tables.zone)
        let physical = try await ctx.entity("physicalnetworkid", in: Tables.physicalNetwork)
        let pod = try await ctx.entity("podid", in: Tables.pod)
        let domain = try await ctx.entity("domainid", in: Tables.domain)
        var request = IpRangeRequest()
        request.gateway = ctx.string("gateway")
        request.netmask = ctx.string("netmask")
        request.startIp = ctx.string("startip")
        request.endIp = ctx.string("endip")
        request.vlan = ctx.string("vlan")
        request.networkId = network?.id
        request.zoneId = zone?.id
        request.physicalNetworkId = physical?.id
        request.podId = pod?.id
        request.forVirtualNetwork = ctx.bool("forvirtualnetwork")
        request.domainId = domain?.id
        if let accountName = ctx.string("account"), !accountName.isEmpty {
            guard let domain else { throw APIError.invalidParameter("Please specify domainid together with account") }
            guard let account = try await ctx.reads.first(Tables.account, [.equals(.name, accountName), .equals(.domainId, domain.id), .isNull(.removed)]) else {
                throw APIError.invalidParameter("Unable to find account \(accountName) in domain \(domain.name)")
            }
            request.accountId = account.id
        }
        let range = try await networks.createVlanIpRange(request, by: ctx.initiator)
        return .object(objectName: "vlan", try await range.apiObject(NameLookup(reads: ctx.reads)))
    }

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<VlanIpRange>] = ctx.identityFilters(.id) + ctx.keywordFilter(.startIp, .endIp, .vlan)
        ctx.match("zoneid", .zoneId, into: &filters)
        ctx.match("podid", .podId, into: &filters)
        ctx.match("networkid", .networkId, into: &filters)
        ctx.match("physicalnetworkid", .physicalNetworkId, into: &filters)
        ctx.match("domainid", .domainId, into: &filters)
        if let vlan = ctx.string("vlan"), !vlan.isEmpty { filters.append(.equals(.vlan, (try? VlanTag(vlan))?.description ?? vlan)) }
        if let virtual = ctx.bool("forvirtualnetwork") { filters.append(.equals(.forVirtualNetwork, virtual)) }
        if let accountName = ctx.string("account"), !accountName.isEmpty {
            let accounts = try await ctx.reads.all(Tables.account, [.equals(.name, accountName), .isNull(.removed)])
            filters.append(.isIn(.accountId, accounts.map(\.id)))
        }
        let (ranges, total) = try await ctx.reads.page(Tables.vlanIpRange, filters, page: try ctx.page)
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for range in ranges { items.append(try await range.apiObject(names)) }
        return .list(objectName: "vlaniprange", items: items, count: total)
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let range = try await ctx.requiredEntity("id", in: Tables.vlanIpRange)
        try await networks.deleteVlanIpRange(id: range.id, by: ctx.initiator)
        return .success()
    }
}
