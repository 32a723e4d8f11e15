import Foundation

/// A physical network of a zone: the wires guest, management and storage traffic travel on.
public struct PhysicalNetwork: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var zoneId: String
    public var state: String = "Disabled"
    public var isolationMethods: String?
    public var vlan: String?
    public var broadcastDomainRange: String = "ZONE"
    public var networkSpeed: String?
    public var tags: String?
    public var domainId: String?
    public var created: Date = Date()

    public init(
        id: String,
        name: String,
        zoneId: String,
        state: String = "Disabled",
        isolationMethods: String? = nil,
        vlan: String? = nil,
        broadcastDomainRange: String = "ZONE",
        networkSpeed: String? = nil,
        tags: String? = nil,
        domainId: String? = nil,
        created: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.zoneId = zoneId
        self.state = state
        self.isolationMethods = isolationMethods
        self.vlan = vlan
        self.broadcastDomainRange = broadcastDomainRange
        self.networkSpeed = networkSpeed
        self.tags = tags
        self.domainId = domainId
        self.created = created
    }
}

/// A kind of traffic (Guest, Management, Public, Storage) carried by a physical network.
public struct TrafficType: Codable, Sendable, Equatable {
    public var id: String
    public var physicalNetworkId: String
    public var trafficType: String
    public var kvmNetworkLabel: String?
    public var created: Date = Date()

    public init(
        id: String,
        physicalNetworkId: String,
        trafficType: String,
        kvmNetworkLabel: String? = nil,
        created: Date = Date()
    ) {
        self.id = id
        self.physicalNetworkId = physicalNetworkId
        self.trafficType = trafficType
        self.kvmNetworkLabel = kvmNetworkLabel
        self.created = created
    }
}
