import DomainModel
import Foundation
import Persistence

/// What `createNetwork` asks for.
public struct NetworkRequest: Sendable {
    public var name: String?
    public var displayText: String?
    public var networkOfferingId: String
    public var zoneId: String
    public var physicalNetworkId: String?
    public var gateway: String?
    public var netmask: String?
    public var startIp: String?
    public var endIp: String?
    public var vlan: String?
    public var networkDomain: String?
    public var dns1: String?
    public var dns2: String?
    /// Allow a VLAN id another network on the same physical network already uses.
    public var bypassVlanOverlapCheck = false

    public init(networkOfferingId: String, zoneId: String) {
        self.networkOfferingId = networkOfferingId
        self.zoneId = zoneId
    }
}

/// Who owns a new guest network.
public enum NetworkOwner: Sendable {
    /// One account (`acltype` Account).
    case account(Account)
    /// Every account of a domain, and of its subdomains when `subdomainAccess` (`acltype` Domain); the row names the system account.
    case domain(Domain, subdomainAccess: Bool)
}

/// The changeable fields of a guest network, as `updateNetwork` passes them.
public struct NetworkChanges: Sendable {
    public var name: String?
    public var displayText: String?
    public var networkDomain: String?
    public var dns1: String?
    public var dns2: String?

    public init() {}
}

extension NetworkService {
    /// Creates a guest network from an Enabled offering. A network whose offering specifies IP ranges
    /// (Shared) needs a gateway and netmask and gets its first IP range from `startIp`/`endIp`; an
    /// Isolated network takes its CIDR from the gateway and netmask or from the zone's guest CIDR.
    public func createNetwork(_ request: NetworkRequest, owner: NetworkOwner, callerIsAdmin: Bool, by initiator: Initiator) async throws -> Network {
        guard let name = Self.given(request.name) else {
            throw DomainError.invalidParameter("Network name can not be empty")
        }
        for (value, parameter) in [(request.dns1, "dns1"), (request.dns2, "dns2")] {
            if let value = Self.given(value) { _ = try Self.address(value, parameter) }
        }
        return try await db.transaction { store in
            guard let offering = try await store.find(Tables.networkOffering, id: request.networkOfferingId) else {
                throw DomainError.notFound(kind: "network offering", id: request.networkOfferingId, parameter: "networkofferingid")
            }
            guard offering.state == "Enabled" else {
                throw DomainError.invalidState("The network offering \(offering.name) is \(offering.state); networks can only be created from Enabled offerings")
            }
            guard offering.trafficType == "Guest" else {
                throw DomainError.invalidParameter("The network offering \(offering.name) is for \(offering.trafficType) traffic; guest networks need a Guest offering")
            }
            guard let zone = try await store.find(Tables.zone, id: request.zoneId) else {
                throw DomainError.notFound(kind: "zone", id: request.zoneId, parameter: "zoneid")
            }
            let guestType = offering.guestIpType
            if guestType == "Isolated" && zone.networkType != .advanced {
                throw DomainError.invalidParameter("Isolated networks can only be created in an Advanced zone; zone \(zone.name) is \(zone.networkType.rawValue)")
            }
            if guestType == "Shared" && !callerIsAdmin {
                throw DomainError.invalidParameter("Only administrators can create Shared networks")
            }
            let physical = try await guestPhysicalNetwork(request.physicalNetworkId, zone: zone, in: store)
            let vlan = try await networkVlan(request, offering: offering, physical: physical, in: store)

            var network = Network(
                id: ResourceID.make(), name: name, displayText: Self.given(request.displayText) ?? name, zoneId: zone.id,
                networkOfferingId: offering.id, physicalNetworkId: physical.id, accountId: "", domainId: "",
                guestType: guestType, aclType: "Account", state: guestType == "Isolated" ? "Allocated" : "Setup", vlan: vlan,
                networkDomain: Self.given(request.networkDomain) ?? zone.networkDomain,
                dns1: Self.given(request.dns1), dns2: Self.given(request.dns2))
            try await assign(owner, to: &network, offering: offering, in: store)
            let firstRange = try await address(&network, request, offering: offering, zone: zone, in: store)

            try await store.insert(network, into: Tables.network)
            try await events.record(
                "NETWORK.CREATE", "Created \(guestType) network \(network.name) in zone \(zone.name)",
                by: initiator, resourceId: network.id, resourceType: "Network", in: store)
            if let firstRange { try await insertRange(firstRange, by: initiator, in: store) }
            return network
        }
    }

    public func updateNetwork(id: String, _ changes: NetworkChanges, by initiator: Initiator) async throws -> Network {
        for (value, parameter) in [(changes.dns1, "dns1"), (changes.dns2, "dns2")] {
            if let value = Self.given(value) { _ = try Self.address(value, parameter) }
        }
        return try await db.transaction { store in
            var network = try await liveNetwork(id, in: store)
            if let name = changes.name {
                guard let trimmed = Self.given(name) else { throw DomainError.invalidParameter("Network name can not be empty") }
                network.name = trimmed
            }
            if let text = changes.displayText { network.displayText = Self.given(text) ?? network.name }
            if let domain = changes.networkDomain { network.networkDomain = Self.given(domain) }
            if let dns = changes.dns1 { network.dns1 = Self.given(dns) }
            if let dns = changes.dns2 { network.dns2 = Self.given(dns) }
            try await store.replace(network, in: Tables.network, id: id)
            try await events.record(
                "NETWORK.UPDATE", "Updated network \(network.name)", by: initiator, resourceId: id, resourceType: "Network", in: store)
            return network
        }
    }

    /// Removes a guest network and its IP ranges; refused while it holds allocated addresses.
    public func deleteNetwork(id: String, by initiator: Initiator) async throws {
        try await db.transaction { store in
            var network = try await liveNetwork(id, in: store)
            let ranges = try await store.all(Tables.vlanIpRange, [.equals(.networkId, id)])
            var allocated = 0
            for range in ranges { allocated += try await allocatedAddresses(inRange: range, in: store) }
            guard allocated == 0 else {
                throw DomainError.inUse("The network \(network.name) is not deletable because \(allocated) of its addresses are allocated")
            }
            try await store.delete(from: Tables.vlanIpRange, [.equals(.networkId, id)])
            network.state = "Destroy"
            network.removed = Date()
            try await store.replace(network, in: Tables.network, id: id)
            let rangeNote = ranges.isEmpty ? "" : " and its \(ranges.count) IP range(s)"
            try await events.record(
                "NETWORK.DELETE", "Deleted network \(network.name)\(rangeNote)", by: initiator, resourceId: id, resourceType: "Network", in: store)
        }
    }

    func liveNetwork(_ id: String, in store: Store) async throws -> Network {
        guard let network = try await store.find(Tables.network, id: id), network.removed == nil else {
            throw DomainError.notFound(kind: "network", id: id, parameter: "id")
        }
        return network
    }

    /// The physical network a guest network rides on: the one given, which must be in the zone and carry
    /// Guest traffic, or else the zone's only physical network with Guest traffic.
    func guestPhysicalNetwork(_ id: String?, zone: Zone, in store: Store) async throws -> PhysicalNetwork {
        guard let id else { return try await physicalNetwork(carrying: "Guest", inZone: zone, in: store) }
        guard let physical = try await store.find(Tables.physicalNetwork, id: id) else {
            throw DomainError.notFound(kind: "physical network", id: id, parameter: "physicalnetworkid")
        }
        guard physical.zoneId == zone.id else {
            throw DomainError.invalidParameter("The physical network \(physical.name) is not in zone \(zone.name)")
        }
        guard try await store.exists(Tables.trafficType, [.equals(.physicalNetworkId, id), .equals(.trafficType, "Guest")]) else {
            throw DomainError.invalidParameter("The physical network \(physical.name) does not carry Guest traffic; add it with addTrafficType")
        }
        return physical
    }

    /// The VLAN of a new network: only offerings with specifyvlan take one (untagged when none is given),
    /// and a VLAN id is used by one network per physical network unless the check is bypassed.
    func networkVlan(_ request: NetworkRequest, offering: NetworkOffering, physical: PhysicalNetwork, in store: Store) async throws -> String? {
        guard let text = Self.given(request.vlan) else {
            return offering.specifyVlan ? VlanTag.untagged.description : nil
        }
        guard offering.specifyVlan else {
            throw DomainError.invalidParameter("Can't specify a VLAN: the network offering \(offering.name) has specifyvlan=false")
        }
        let tag = try VlanTag(text)
        if case .id = tag, !request.bypassVlanOverlapCheck,
           let other = try await store.first(Tables.network, [
               .equals(.physicalNetworkId, physical.id), .equals(.vlan, tag.description), .isNull(.removed),
           ]) {
            throw DomainError.invalidParameter("The VLAN \(tag) is already used by network \(other.name) on physical network \(physical.name)")
        }
        return tag.description
    }

    func assign(_ owner: NetworkOwner, to network: inout Network, offering: NetworkOffering, in store: Store) async throws {
        switch owner {
        case .account(let account):
            network.accountId = account.id
            network.domainId = account.domainId
            network.aclType = "Account"
        case .domain(let domain, let subdomainAccess):
            guard offering.guestIpType == "Shared" else {
                throw DomainError.invalidParameter("Only Shared networks can be shared by a domain (acltype=Domain)")
            }
            guard let system = try await store.first(Tables.account, [.equals(.name, "system"), .equals(.type, AccountType.rootAdmin)]) else {
                throw DomainError.invalidState("The system account is missing")
            }
            network.accountId = system.id
            network.domainId = domain.id
            network.aclType = "Domain"
            network.subdomainAccess = subdomainAccess
        }
    }

    /// Sets the network's gateway, netmask and CIDR; returns the first IP range of a network whose offering specifies ranges.
    func address(_ network: inout Network, _ request: NetworkRequest, offering: NetworkOffering, zone: Zone, in store: Store) async throws -> VlanIpRange? {
        let gateway = Self.given(request.gateway)
        let netmask = Self.given(request.netmask)
        let start = Self.given(request.startIp)
        let end = Self.given(request.endIp)
        if offering.guestIpType == "L2" {
            guard gateway == nil, netmask == nil, start == nil, end == nil else {
                throw DomainError.invalidParameter("An L2 network has no addressing; leave out gateway, netmask, startip and endip")
            }
            return nil
        }
        guard offering.specifyIpRanges else {
            guard start == nil, end == nil else {
                throw DomainError.invalidParameter("The network offering \(offering.name) does not let IP ranges be specified; leave out startip and endip")
            }
            let subnet: IPv4Subnet
            switch (gateway, netmask) {
            case (let gateway?, let netmask?):
                subnet = try IpRangeRules.subnet(gateway: gateway, netmask: netmask)
                network.gateway = gateway
            case (nil, nil):
                guard let cidr = zone.guestCidr, let guestSubnet = IPv4Subnet(cidr: cidr), guestSubnet.prefixLength <= 30 else {
                    throw DomainError.invalidParameter("Zone \(zone.name) has no guest CIDR (guestcidraddress); please specify gateway and netmask")
                }
                subnet = guestSubnet
                network.gateway = IPv4Address(subnet.network.value + 1).description
            default:
                throw DomainError.invalidParameter("Please specify both gateway and netmask, or neither")
            }
            network.netmask = subnet.netmask.description
            network.cidr = subnet.description
            return nil
        }
        guard let gateway, let netmask else {
            throw DomainError.invalidParameter("Please specify gateway and netmask: the network offering \(offering.name) needs them to create a \(offering.guestIpType) network")
        }
        let subnet = try IpRangeRules.subnet(gateway: gateway, netmask: netmask)
        network.gateway = gateway
        network.netmask = netmask
        network.cidr = subnet.description
        guard let start else {
            if end != nil { throw DomainError.invalidParameter("Please specify startip together with endip") }
            return nil
        }
        let range = try IpRangeRules.range(start: start, end: end ?? start, in: subnet, gateway: try Self.address(gateway, "gateway"))
        try IpRangeRules.checkFree(range, of: try await reservedRanges(zoneId: zone.id, in: store))
        return VlanIpRange(
            id: ResourceID.make(), zoneId: zone.id, networkId: network.id, physicalNetworkId: network.physicalNetworkId,
            vlan: network.vlan ?? VlanTag.untagged.description, gateway: gateway, netmask: netmask,
            startIp: range.start.description, endIp: range.end.description, forVirtualNetwork: false)
    }
}
