import Foundation

/// A pod: a rack or row inside a zone, with its own management IP range.
public struct Pod: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var zoneId: String
    public var gateway: String
    public var netmask: String
    /// The management (system) address range of the pod.
    public var startIp: String?
    public var endIp: String?
    public var allocationState: AllocationState = .enabled
    public var created: Date = Date()

    public init(
        id: String,
        name: String,
        zoneId: String,
        gateway: String,
        netmask: String,
        startIp: String? = nil,
        endIp: String? = nil,
        allocationState: AllocationState = .enabled,
        created: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.zoneId = zoneId
        self.gateway = gateway
        self.netmask = netmask
        self.startIp = startIp
        self.endIp = endIp
        self.allocationState = allocationState
        self.created = created
    }
}

/// A cluster: hosts of one hypervisor type that share primary storage.
public struct Cluster: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var podId: String
    public var zoneId: String
    public var hypervisor: String = "KVM"
    public var clusterType: String = "CloudManaged"
    public var allocationState: AllocationState = .enabled
    public var managedState: String = "Managed"
    public var created: Date = Date()

    public init(
        id: String,
        name: String,
        podId: String,
        zoneId: String,
        hypervisor: String = "KVM",
        clusterType: String = "CloudManaged",
        allocationState: AllocationState = .enabled,
        managedState: String = "Managed",
        created: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.podId = podId
        self.zoneId = zoneId
        self.hypervisor = hypervisor
        self.clusterType = clusterType
        self.allocationState = allocationState
        self.managedState = managedState
        self.created = created
    }
}
