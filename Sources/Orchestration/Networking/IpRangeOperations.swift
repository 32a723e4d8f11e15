import DomainModel
import Foundation
import Persistence

/// What `createVlanIpRange` asks for: a range of a guest network (`networkId`), or a public range of a
/// zone's physical network (`zoneId`, `physicalNetworkId`).
public struct IpRangeRequest: Sendable {
    public var gateway: String?
    public var netmask: String?
    public var startIp: String?
    public var endIp: String?
    public var vlan: String?
    public var networkId: String?
    public var zoneId: String?
    public var physicalNetworkId: String?
    public var podId: String?
    public var forVirtualNetwork: Bool?
    /// The account (and its domain) a public range is dedicated to, if any.
    public var accountId: String?
    public var domainId: String?

    public init() {}
}

extension NetworkService {
    public func createVlanIpRange(_ request: IpRangeRequest, by initiator: Initiator) async throws -> VlanIpRange {
        guard let startIp = Self.given(request.startIp) else {
            throw DomainError.invalidParameter("Please specify the start IP of the range (startip)")
        }
        let endIp = Self.given(request.endIp) ?? startIp
        return try await db.transaction { store in
            var range: VlanIpRange
            if let networkId = request.networkId {
                range = try await guestRangeTemplate(networkId: networkId, request, in: store)
            } else {
                range = try await publicRangeTemplate(request, in: store)
            }
            if let podId = request.podId {
                guard let pod = try await store.find(Tables.pod, id: podId) else {
                    throw DomainError.notFound(kind: "pod", id: podId, parameter: "podid")
                }
                guard pod.zoneId == range.zoneId else {
                    throw DomainError.invalidParameter("The pod \(pod.name) is not in the zone of the IP range")
                }
                range.podId = pod.id
            }
            if let gateway = Self.given(request.gateway) { range.gateway = gateway }
            if let netmask = Self.given(request.netmask) { range.netmask = netmask }
            guard !range.gateway.isEmpty, !range.netmask.isEmpty else {
                throw DomainError.invalidParameter("Please specify the gateway and netmask of the IP range")
            }
            let subnet = try IpRangeRules.subnet(gateway: range.gateway, netmask: range.netmask)
            let addresses = try IpRangeRules.range(start: startIp, end: endIp, in: subnet, gateway: try Self.address(range.gateway, "gateway"))
            range.startIp = addresses.start.description
            range.endIp = addresses.end.description
            try IpRangeRules.checkFree(addresses, of: try await reservedRanges(zoneId: range.zoneId, in: store))
            if let accountId = request.accountId {
                range.accountId = accountId
                range.domainId = request.domainId
            } else if let domainId = request.domainId {
                range.domainId = domainId
            }
            let created = range
            try await insertRange(created, by: initiator, in: store)
            return created
        }
    }

    /// Removes an IP range; refused while addresses from it are allocated.
    public func deleteVlanIpRange(id: String, by initiator: Initiator) async throws {
        try await db.transaction { store in
            guard let range = try await store.find(Tables.vlanIpRange, id: id) else {
                throw DomainError.notFound(kind: "VLAN IP range", id: id, parameter: "id")
            }
            let allocated = try await allocatedAddresses(inRange: range, in: store)
            guard allocated == 0 else {
                throw DomainError.inUse("The IP range \(range.startIp)-\(range.endIp) is not deletable because \(allocated) of its addresses are allocated")
            }
            try await store.delete(from: Tables.vlanIpRange, id: id)
            try await events.record(
                "VLAN.IP.RANGE.DELETE", "Deleted IP range \(range.startIp)-\(range.endIp)",
                by: initiator, resourceId: id, resourceType: "VlanIpRange", in: store)
        }
    }

    /// A range of a shared guest network: zone, physical network, gateway, netmask and VLAN come from the network.
    func guestRangeTemplate(networkId: String, _ request: IpRangeRequest, in store: Store) async throws -> VlanIpRange {
        guard let network = try await store.find(Tables.network, id: networkId), network.removed == nil else {
            throw DomainError.notFound(kind: "network", id: networkId, parameter: "networkid")
        }
        guard let offering = try await store.find(Tables.networkOffering, id: network.networkOfferingId), offering.specifyIpRanges else {
            throw DomainError.invalidParameter("The network \(network.name) takes no IP ranges: its offering does not let ranges be specified")
        }
        if let zoneId = request.zoneId, zoneId != network.zoneId {
            throw DomainError.invalidParameter("The network \(network.name) is not in the given zone")
        }
        if let physicalNetworkId = request.physicalNetworkId, physicalNetworkId != network.physicalNetworkId {
            throw DomainError.invalidParameter("The network \(network.name) is not on the given physical network")
        }
        if request.forVirtualNetwork == true {
            throw DomainError.invalidParameter("A range of the guest network \(network.name) can not be for the virtual (public) network")
        }
        var vlan = network.vlan ?? VlanTag.untagged.description
        if let given = Self.given(request.vlan) {
            let tag = try VlanTag(given).description
            guard network.vlan == nil || tag == network.vlan else {
                throw DomainError.invalidParameter("The VLAN \(tag) does not match the VLAN \(vlan) of the network \(network.name)")
            }
            vlan = tag
        }
        return VlanIpRange(
            id: ResourceID.make(), zoneId: network.zoneId, networkId: network.id, physicalNetworkId: network.physicalNetworkId,
            vlan: vlan, gateway: network.gateway ?? "", netmask: network.netmask ?? "", startIp: "", endIp: "",
            forVirtualNetwork: false)
    }

    /// A public range of a zone: the physical network defaults to the one carrying Public traffic.
    func publicRangeTemplate(_ request: IpRangeRequest, in store: Store) async throws -> VlanIpRange {
        guard let zoneId = request.zoneId else {
            throw DomainError.invalidParameter("Please specify either networkid, or zoneid for a public IP range")
        }
        guard request.forVirtualNetwork ?? true else {
            throw DomainError.invalidParameter("A direct (forvirtualnetwork=false) IP range belongs to a guest network; please specify networkid")
        }
        guard let zone = try await store.find(Tables.zone, id: zoneId) else {
            throw DomainError.notFound(kind: "zone", id: zoneId, parameter: "zoneid")
        }
        let physical: PhysicalNetwork
        if let id = request.physicalNetworkId {
            guard let found = try await store.find(Tables.physicalNetwork, id: id) else {
                throw DomainError.notFound(kind: "physical network", id: id, parameter: "physicalnetworkid")
            }
            guard found.zoneId == zone.id else {
                throw DomainError.invalidParameter("The physical network \(found.name) is not in zone \(zone.name)")
            }
            physical = found
        } else {
            physical = try await physicalNetwork(carrying: "Public", inZone: zone, in: store)
        }
        let vlan = try Self.given(request.vlan).map { try VlanTag($0).description } ?? VlanTag.untagged.description
        return VlanIpRange(
            id: ResourceID.make(), zoneId: zone.id, physicalNetworkId: physical.id, vlan: vlan,
            gateway: "", netmask: "", startIp: "", endIp: "", forVirtualNetwork: true)
    }

    /// The physical network of the zone that carries `traffic`; refused when there is none or more than one.
    func physicalNetwork(carrying traffic: String, inZone zone: Zone, in store: Store) async throws -> PhysicalNetwork {
        let networks = try await store.all(Tables.physicalNetwork, [.equals(.zoneId, zone.id)])
        var carriers: [PhysicalNetwork] = []
        for network in networks {
            if try await store.exists(Tables.trafficType, [.equals(.physicalNetworkId, network.id), .equals(.trafficType, traffic)]) {
                carriers.append(network)
            }
        }
        guard let first = carriers.first else {
            throw DomainError.invalidParameter("No physical network in zone \(zone.name) carries \(traffic) traffic; add the traffic type with addTrafficType or specify physicalnetworkid")
        }
        guard carriers.count == 1 else {
            throw DomainError.invalidParameter("Several physical networks in zone \(zone.name) carry \(traffic) traffic; please specify physicalnetworkid")
        }
        return first
    }

    /// Every address range of the zone a new range must stay clear of: the guest and public ranges and
    /// the pods' management ranges (overlapping pod and guest ranges is a classic set-up mistake).
    func reservedRanges(zoneId: String, in store: Store) async throws -> [ReservedRange] {
        var reserved: [ReservedRange] = []
        for pod in try await store.all(Tables.pod, [.equals(.zoneId, zoneId)]) {
            guard let start = pod.startIp, let end = pod.endIp, let range = IPv4Range(start: start, end: end) else { continue }
            reserved.append(ReservedRange(range, holder: "the management IP range \(range) of pod \(pod.name); a pod's management range and guest or public ranges must not share addresses"))
        }
        for other in try await store.all(Tables.vlanIpRange, [.equals(.zoneId, zoneId)]) {
            guard let range = IPv4Range(start: other.startIp, end: other.endIp) else { continue }
            if let networkId = other.networkId {
                let name = try await store.find(Tables.network, id: networkId)?.name ?? networkId
                reserved.append(ReservedRange(range, holder: "the guest IP range \(range) of network \(name)"))
            } else {
                reserved.append(ReservedRange(range, holder: "the \(other.forVirtualNetwork ? "public" : "guest") IP range \(range) (VLAN \(other.vlan)) in this zone"))
            }
        }
        return reserved
    }

    func insertRange(_ range: VlanIpRange, by initiator: Initiator, in store: Store) async throws {
        try await store.insert(range, into: Tables.vlanIpRange)
        try await events.record(
            "VLAN.IP.RANGE.CREATE", "Created IP range \(range.startIp)-\(range.endIp) (VLAN \(range.vlan))",
            by: initiator, resourceId: range.id, resourceType: "VlanIpRange", in: store)
    }

    /// How many addresses of the range are allocated to guests or routers. Nothing allocates addresses yet;
    /// this is the one place to count them once address allocation lands.
    /// How many live NICs hold an address inside `range`.
    func allocatedAddresses(inRange range: VlanIpRange, in store: Store) async throws -> Int {
        guard let networkId = range.networkId, let span = IPv4Range(start: range.startIp, end: range.endIp) else { return 0 }
        let nics = try await store.all(Tables.nic, [.equals(.networkId, networkId), .isNull(.removed), .notNull(.ipAddress)])
        return nics.filter { nic in nic.ipAddress.flatMap(IPv4Address.init).map(span.contains) ?? false }.count
    }
}
