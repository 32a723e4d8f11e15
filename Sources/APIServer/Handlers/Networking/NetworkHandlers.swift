import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of createNetwork, updateNetwork, deleteNetwork and listNetworks.
struct NetworkHandlers: Sendable {
    let networks: NetworkService
    let instances: InstanceService

    func create(_ ctx: CommandContext) async throws -> APIResponse {
        let offering = try await ctx.requiredEntity("networkofferingid", in: Tables.networkOffering)
        let zone = try await ctx.requiredEntity("zoneid", in: Tables.zone)
        let physical = try await ctx.entity("physicalnetworkid", in: Tables.physicalNetwork)
        var request = NetworkRequest(networkOfferingId: offering.id, zoneId: zone.id)
        request.name = try ctx.required("name")
        request.displayText = ctx.string("displaytext")
        request.physicalNetworkId = physical?.id
        request.gateway = ctx.string("gateway")
        request.netmask = ctx.string("netmask")
        request.startIp = ctx.string("startip")
        request.endIp = ctx.string("endip")
        request.vlan = ctx.string("vlan")
        request.networkDomain = ctx.string("networkdomain")
        request.dns1 = ctx.string("dns1")
        request.dns2 = ctx.string("dns2")
        request.bypassVlanOverlapCheck = ctx.bool("bypassvlanoverlapcheck") ?? false
        let network = try await networks.createNetwork(request, owner: try await owner(ctx), callerIsAdmin: ctx.caller.isAdmin, by: ctx.initiator)
        return .object(objectName: "network", try await render(network, ctx, NameLookup(reads: ctx.reads)))
    }

    /// The owner of a new network: the caller's account, unless an administrator names an account
    /// (`account` + `domainid`) or shares the network with a domain (`acltype=Domain`, `domainid`).
    func owner(_ ctx: CommandContext) async throws -> NetworkOwner {
        let caller = ctx.caller
        let domain = try await ctx.entity("domainid", in: Tables.domain)
        let accountName = ctx.string("account").flatMap { $0.isEmpty ? nil : $0 }
        switch ctx.string("acltype")?.lowercased() {
        case "domain":
            guard caller.isAdmin else {
                throw APIError.permissionDenied("Only administrators can create networks shared by a domain (acltype=Domain)")
            }
            guard accountName == nil else {
                throw APIError.invalidParameter("A network shared by a domain (acltype=Domain) has no owning account; leave out account")
            }
            let target = domain ?? caller.domain
            guard caller.administers(domainPath: target.path) else {
                throw APIError.permissionDenied("Account \(caller.account.name) does not have permission to create networks in domain \(target.name)")
            }
            return .domain(target, subdomainAccess: ctx.bool("subdomainaccess") ?? true)
        case nil, "", "account":
            break
        case let other?:
            throw APIError.invalidParameter("Invalid acltype \(other); use Account or Domain")
        }
        if let accountName {
            guard let domain else { throw APIError.invalidParameter("Please specify domainid together with account") }
            guard let account = try await ctx.reads.first(Tables.account, [.equals(.name, accountName), .equals(.domainId, domain.id), .isNull(.removed)]) else {
                throw APIError.invalidParameter("Unable to find account \(accountName) in domain \(domain.name)")
            }
            let administered = caller.isAdmin ? try await ctx.services.identity.administers(accountId: account.id, caller: caller) : false
            guard account.id == caller.account.id || administered else {
                throw APIError.permissionDenied("Account \(caller.account.name) does not have permission to create networks for account \(accountName)")
            }
            return .account(account)
        }
        if let domain, domain.id != caller.account.domainId {
            throw APIError.invalidParameter("Please specify account together with domainid, or acltype=Domain to share the network with the domain")
        }
        return .account(caller.account)
    }

    func update(_ ctx: CommandContext) async throws -> APIResponse {
        let network = try await target(ctx)
        if let offeringId = ctx.string("networkofferingid"), !offeringId.isEmpty, offeringId != network.networkOfferingId {
            throw APIError.invalidParameter("Moving a network to another network offering is not supported")
        }
        var changes = NetworkChanges()
        changes.name = ctx.string("name")
        changes.displayText = ctx.string("displaytext")
        changes.networkDomain = ctx.string("networkdomain")
        changes.dns1 = ctx.string("dns1")
        changes.dns2 = ctx.string("dns2")
        return try await ctx.runAsJob(instanceType: "Network", instanceId: network.id) { [changes] in
            let updated = try await networks.updateNetwork(id: network.id, changes, by: ctx.initiator)
            return .object(objectName: "network", try await render(updated, ctx, NameLookup(reads: ctx.reads)))
        }
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let network = try await target(ctx)
        return try await ctx.runAsJob(instanceType: "Network", instanceId: network.id) {
            try await networks.deleteNetwork(id: network.id, by: ctx.initiator)
            await instances.removeDeletedNetwork(network)
            return .success()
        }
    }

    /// The live network named by `id` that the caller may change: its own, or one in a domain the caller administers
    /// (an account's network only when that account does not outrank the caller).
    func target(_ ctx: CommandContext) async throws -> Network {
        let network = try await ctx.requiredEntity("id", in: Tables.network)
        guard network.removed == nil else { throw APIError.unknownEntity("id", value: network.id, command: ctx.descriptor.name) }
        let caller = ctx.caller
        if network.aclType == "Account" && network.accountId == caller.account.id { return network }
        if caller.isAdmin, let domain = try await ctx.reads.find(Tables.domain, id: network.domainId), caller.administers(domainPath: domain.path) {
            let mayAct = try await network.aclType == "Domain" ? true : ctx.mayAct(onAccountId: network.accountId)
            if mayAct { return network }
        }
        throw APIError.permissionDenied("Account \(caller.account.name) does not have permission to operate on network \(network.name)")
    }

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<Network>] = ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name, .displayText) + [Filter.isNull(.removed)]
        ctx.match("zoneid", .zoneId, into: &filters)
        ctx.match("physicalnetworkid", .physicalNetworkId, into: &filters)
        ctx.match("networkofferingid", .networkOfferingId, into: &filters)
        if let type = ctx.string("type"), !type.isEmpty, type.lowercased() != "all" {
            filters.append(.equals(.guestType, NetworkOfferingHandlers.guestType(type)))
        }
        if let acl = ctx.string("acltype"), !acl.isEmpty { filters.append(.equals(.aclType, acl.lowercased() == "domain" ? "Domain" : "Account")) }
        if let traffic = ctx.string("traffictype"), !traffic.isEmpty { filters.append(.equals(.trafficType, TrafficType.kind(traffic) ?? traffic)) }
        if let vlan = ctx.string("vlan"), !vlan.isEmpty { filters.append(.equals(.vlan, (try? VlanTag(vlan))?.description ?? vlan)) }
        // Cumulo has no system networks, VPC tiers or networks waiting for a restart yet.
        if ctx.bool("issystem") == true || ctx.bool("forvpc") == true || ctx.bool("restartrequired") == true || ctx.string("associatednetworkid")?.isEmpty == false {
            filters.append(.nothing)
        }
        let candidates = try await ctx.reads.all(Tables.network, filters)
        let visible = try await NetworkVisibility(ctx).filter(candidates)

        let offerings = Dictionary(uniqueKeysWithValues: try await ctx.reads.all(Tables.networkOffering).map { ($0.id, $0) })
        var matching: [(Network, Bool)] = []
        for network in visible {
            let offering = offerings[network.networkOfferingId]
            if let wanted = ctx.bool("specifyipranges"), offering?.specifyIpRanges != wanted { continue }
            if let services = ctx.list("supportedservices") {
                let offered = Set((offering?.serviceProviders ?? []).map { $0.service.lowercased() })
                guard services.allSatisfy({ offered.contains($0.lowercased()) }) else { continue }
            }
            let usable = try await canUseForDeploy(network, offering: offering, ctx)
            if let wanted = ctx.bool("canusefordeploy"), usable != wanted { continue }
            matching.append((network, usable))
        }
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for (network, usable) in Self.page(matching, try ctx.page) {
            items.append(try await network.apiObject(
                offering: offerings[network.networkOfferingId], canUseForDeploy: usable, showVlan: ctx.caller.isRootAdmin, names))
        }
        return .list(objectName: "network", items: items, count: matching.count)
    }

    func render(_ network: Network, _ ctx: CommandContext, _ names: NameLookup) async throws -> APIObject {
        let offering = try await ctx.reads.find(Tables.networkOffering, id: network.networkOfferingId)
        return try await network.apiObject(
            offering: offering, canUseForDeploy: try await canUseForDeploy(network, offering: offering, ctx),
            showVlan: ctx.caller.isRootAdmin, names)
    }

    /// VMs can go on a network unless its offering takes IP ranges and it has none yet.
    func canUseForDeploy(_ network: Network, offering: NetworkOffering?, _ ctx: CommandContext) async throws -> Bool {
        guard offering?.specifyIpRanges == true else { return true }
        return try await ctx.reads.exists(Tables.vlanIpRange, [.equals(.networkId, network.id)])
    }

    /// One page of `items` (all of them when no page was asked for).
    static func page<T>(_ items: [T], _ page: PageRequest?) -> ArraySlice<T> {
        guard let page else { return items[...] }
        return page.slice(of: items)
    }
}

/// Which networks a `listNetworks` caller sees: account networks of the accounts `AccountScope` allows, and
/// networks shared by a domain (acltype Domain) with the caller's domain — or, with `listall`, with a domain the
/// caller administers.
struct NetworkVisibility {
    let ctx: CommandContext

    init(_ ctx: CommandContext) { self.ctx = ctx }

    func filter(_ networks: [Network]) async throws -> [Network] {
        let accounts = try await AccountScope.accountIds(ctx).map(Set.init)
        let domains = Dictionary(uniqueKeysWithValues: try await ctx.reads.all(Tables.domain).map { ($0.id, $0) })
        let scope = try await ctx.entity("domainid", in: Tables.domain)
        let filter = ctx.string("networkfilter")?.lowercased() ?? "all"
        let namedAccount = ctx.string("account")?.isEmpty == false
        return networks.filter { network in
            if network.aclType == "Domain" {
                guard !namedAccount, filter != "account", let domain = domains[network.domainId] else { return false }
                if let scope {
                    let inScope = ctx.bool("isrecursive") == true ? domain.path.hasPrefix(scope.path) : domain.id == scope.id
                    guard inScope else { return false }
                }
                return accounts == nil || usable(network, of: domain) || administered(domain)
            }
            guard filter != "domain", filter != "shared" else { return false }
            return accounts?.contains(network.accountId) ?? true
        }
    }

    /// The caller's account may use `network`, shared by `domain`.
    func usable(_ network: Network, of domain: Domain) -> Bool {
        network.isUsable(byAccount: ctx.caller.account.id, domainPath: ctx.caller.domain.path, networkDomainPath: domain.path)
    }

    /// An administrator listing everything sees the networks of the domains they administer.
    func administered(_ domain: Domain) -> Bool {
        ctx.caller.isAdmin && ctx.bool("listall") == true && ctx.caller.administers(domainPath: domain.path)
    }
}
