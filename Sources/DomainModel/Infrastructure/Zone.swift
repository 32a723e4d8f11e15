import Foundation

/// A zone: a data centre's worth of pods, storage and networks.
public struct Zone: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var description: String?
    public var networkType: ZoneNetworkType
    public var dns1: String
    public var dns2: String?
    public var internalDns1: String
    public var internalDns2: String?
    public var ip6Dns1: String?
    public var ip6Dns2: String?
    public var guestCidr: String?
    public var networkDomain: String?
    public var domainId: String?
    public var allocationState: AllocationState
    public var securityGroupsEnabled: Bool
    public var localStorageEnabled: Bool
    public var isEdge: Bool
    public var token: String
    public var created: Date

    public init(id: String, name: String, description: String? = nil, networkType: ZoneNetworkType, dns1: String, dns2: String? = nil, internalDns1: String, internalDns2: String? = nil, ip6Dns1: String? = nil, ip6Dns2: String? = nil, guestCidr: String? = nil, networkDomain: String? = nil, domainId: String? = nil, allocationState: AllocationState = .disabled, securityGroupsEnabled: Bool = false, localStorageEnabled: Bool = false, isEdge: Bool = false, token: String = ResourceID.make(), created: Date = Date()) {
        self.id = id
        self.name = name
        self.description = description
        self.networkType = networkType
        self.dns1 = dns1
        self.dns2 = dns2
        self.internalDns1 = internalDns1
        self.internalDns2 = internalDns2
        self.ip6Dns1 = ip6Dns1
        self.ip6Dns2 = ip6Dns2
        self.guestCidr = guestCidr
        self.networkDomain = networkDomain
        self.domainId = domainId
        self.allocationState = allocationState
        self.securityGroupsEnabled = securityGroupsEnabled
        self.localStorageEnabled = localStorageEnabled
        self.isEdge = isEdge
        self.token = token
        self.created = created
    }
}
