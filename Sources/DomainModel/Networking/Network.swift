import Foundation

/// A network offering: the template a guest network is created from.
public struct NetworkOffering: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var displayText: String
    /// `Shared`, `Isolated` or `L2`.
    public var guestIpType: String
    public var trafficType: String = "Guest"
    public var state: String = "Enabled"
    public var isDefault: Bool = true
    public var specifyVlan: Bool = false
    public var specifyIpRanges: Bool = false
    public var availability: String = "Optional"
    public var conserveMode: Bool = true
    public var forVpc: Bool = false
    /// Comma-separated service names with their provider, `Dhcp:Cumulo,Dns:Cumulo`.
    public var services: String = ""
    public var created: Date = Date()

    public init(
        id: String,
        name: String,
        displayText: String,
        guestIpType: String,
        trafficType: String = "Guest",
        state: String = "Enabled",
        isDefault: Bool = true,
        specifyVlan: Bool = false,
        specifyIpRanges: Bool = false,
        availability: String = "Optional",
        conserveMode: Bool = true,
        forVpc: Bool = false,
        services: String = "",
        created: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.displayText = displayText
        self.guestIpType = guestIpType
        self.trafficType = trafficType
        self.state = state
        self.isDefault = isDefault
        self.specifyVlan = specifyVlan
        self.specifyIpRanges = specifyIpRanges
        self.availability = availability
        self.conserveMode = conserveMode
        self.forVpc = forVpc
        self.services = services
        self.created = created
    }
}

/// A guest network with a CIDR, a gateway and IP ranges that addresses are allocated from.
public struct Network: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var displayText: String
    public var zoneId: String
    public var networkOfferingId: String
    public var physicalNetworkId: String?
    public var accountId: String
    public var domainId: String
    /// `Shared`, `Isolated` or `L2`.
    public var guestType: String
    public var trafficType: String = "Guest"
    /// `Account` or `Domain`.
    public var aclType: String
    /// For a Domain network: whether accounts of the domain's subdomains may use it too.
    public var subdomainAccess: Bool = false
    public var state: String = "Setup"
    public var gateway: String?
    public var netmask: String?
    public var cidr: String?
    public var vlan: String?
    public var networkDomain: String?
    public var dns1: String?
    public var dns2: String?
    public var created: Date = Date()
    public var removed: Date?

    public init(
        id: String,
        name: String,
        displayText: String,
        zoneId: String,
        networkOfferingId: String,
        physicalNetworkId: String? = nil,
        accountId: String,
        domainId: String,
        guestType: String,
        trafficType: String = "Guest",
        aclType: String,
        subdomainAccess: Bool = false,
        state: String = "Setup",
        gateway: String? = nil,
        netmask: String? = nil,
        cidr: String? = nil,
        vlan: String? = nil,
        networkDomain: String? = nil,
        dns1: String? = nil,
        dns2: String? = nil,
        created: Date = Date(),
        removed: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.displayText = displayText
        self.zoneId = zoneId
        self.networkOfferingId = networkOfferingId
        self.physicalNetworkId = physicalNetworkId
        self.accountId = accountId
        self.domainId = domainId
        self.guestType = guestType
        self.trafficType = trafficType
        self.aclType = aclType
        self.subdomainAccess = subdomainAccess
        self.state = state
        self.gateway = gateway
        self.netmask = netmask
        self.cidr = cidr
        self.vlan = vlan
        self.networkDomain = networkDomain
        self.dns1 = dns1
        self.dns2 = dns2
        self.created = created
        self.removed = removed
    }
}

/// A range of addresses in a guest (or public) network.
public struct VlanIpRange: Codable, Sendable, Equatable {
    public var id: String
    public var zoneId: String
    public var podId: String?
    public var networkId: String?
    public var physicalNetworkId: String?
    public var vlan: String = "untagged"
    public var gateway: String
    public var netmask: String
    public var startIp: String
    public var endIp: String
    public var forVirtualNetwork: Bool = false
    public var accountId: String?
    public var domainId: String?
    public var created: Date = Date()

    public init(
        id: String,
        zoneId: String,
        podId: String? = nil,
        networkId: String? = nil,
        physicalNetworkId: String? = nil,
        vlan: String = "untagged",
        gateway: String,
        netmask: String,
        startIp: String,
        endIp: String,
        forVirtualNetwork: Bool = false,
        accountId: String? = nil,
        domainId: String? = nil,
        created: Date = Date()
    ) {
        self.id = id
        self.zoneId = zoneId
        self.podId = podId
        self.networkId = networkId
        self.physicalNetworkId = physicalNetworkId
        self.vlan = vlan
        self.gateway = gateway
        self.netmask = netmask
        self.startIp = startIp
        self.endIp = endIp
        self.forVirtualNetwork = forVirtualNetwork
        self.accountId = accountId
        self.domainId = domainId
        self.created = created
    }
}

extension NetworkOffering {
    /// The offering's services with their providers, in the order `services` lists them (`Dhcp:Cumulo` → `("Dhcp", "Cumulo")`).
    public var serviceProviders: [(service: String, provider: String)] {
        services.split(separator: ",").compactMap { entry in
            let parts = entry.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            guard let service = parts.first, !service.isEmpty else { return nil }
            return (service, parts.count > 1 ? parts[1] : "")
        }
    }
}
