import Foundation

/// A hypervisor host as the management server knows it.
public struct HypervisorHost: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var type: String = "Routing"
    public var zoneId: String
    public var podId: String?
    public var clusterId: String?
    public var ipAddress: String
    public var hypervisor: String = "KVM"
    public var hypervisorVersion: String?
    public var version: String?
    /// Connection state: Connecting, Up, Disconnected, Alert…
    public var status: HostStatus = .connecting
    /// Administrative state: Enabled, Disabled, PrepareForMaintenance, Maintenance…
    public var resourceState: HostResourceState = .enabled
    public var cpuSockets: Int = 0
    public var cpuNumber: Int = 0
    public var cpuSpeed: Int64 = 0
    public var totalMemory: Int64 = 0
    public var lastPinged: Date?
    public var managementServerId: String?
    public var guid: String?
    /// Row version for compare-and-set state changes.
    public var rowVersion: Int = 0
    public var created: Date = Date()
    public var removed: Date?

    public init(
        id: String,
        name: String,
        type: String = "Routing",
        zoneId: String,
        podId: String? = nil,
        clusterId: String? = nil,
        ipAddress: String,
        hypervisor: String = "KVM",
        hypervisorVersion: String? = nil,
        version: String? = nil,
        status: HostStatus = .connecting,
        resourceState: HostResourceState = .enabled,
        cpuSockets: Int = 0,
        cpuNumber: Int = 0,
        cpuSpeed: Int64 = 0,
        totalMemory: Int64 = 0,
        lastPinged: Date? = nil,
        managementServerId: String? = nil,
        guid: String? = nil,
        rowVersion: Int = 0,
        created: Date = Date(),
        removed: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.type = type
        self.zoneId = zoneId
        self.podId = podId
        self.clusterId = clusterId
        self.ipAddress = ipAddress
        self.hypervisor = hypervisor
        self.hypervisorVersion = hypervisorVersion
        self.version = version
        self.status = status
        self.resourceState = resourceState
        self.cpuSockets = cpuSockets
        self.cpuNumber = cpuNumber
        self.cpuSpeed = cpuSpeed
        self.totalMemory = totalMemory
        self.lastPinged = lastPinged
        self.managementServerId = managementServerId
        self.guid = guid
        self.rowVersion = rowVersion
        self.created = created
        self.removed = removed
    }
}
