import DomainModel

/// What `deployVirtualMachine` asks for, after the API layer has parsed the parameters and resolved the
/// owning account; the instance service checks everything else (see `InstanceService.prepareDeployment`).
public struct DeploymentRequest: Sendable, Equatable {
    public var zoneId: String
    public var serviceOfferingId: String
    /// A template or an ISO.
    public var templateId: String
    /// Required for an ISO (the blank ROOT disk); for a template, a DATA disk created with the VM.
    public var diskOfferingId: String?
    /// GiB, for a disk offering with a custom size.
    public var sizeGB: Int64?
    /// GiB: the ROOT disk's size, overriding the template's or the disk offering's.
    public var rootDiskSizeGB: Int64?
    /// Guest networks in NIC order; the first is the default NIC. Empty: the zone's only usable network.
    public var networkIds: [String]
    /// A chosen address on the default (first) network.
    public var ipAddress: String?
    /// Chosen addresses per network (`iptonetworklist`); they win over `ipAddress`.
    public var ipToNetwork: [String: String]
    /// The guest host name; nil: `VM-<id>`.
    public var name: String?
    public var displayName: String?
    public var group: String?
    public var keypairs: [String]
    /// Base64 text as received.
    public var userData: String?
    public var startVM: Bool
    /// Administrators' pins.
    public var hostId: String?
    public var podId: String?
    public var clusterId: String?
    public var details: [String: String]

    public init(
        zoneId: String, serviceOfferingId: String, templateId: String, diskOfferingId: String? = nil, sizeGB: Int64? = nil,
        rootDiskSizeGB: Int64? = nil, networkIds: [String] = [], ipAddress: String? = nil, ipToNetwork: [String: String] = [:],
        name: String? = nil, displayName: String? = nil, group: String? = nil, keypairs: [String] = [], userData: String? = nil,
        startVM: Bool = true, hostId: String? = nil, podId: String? = nil, clusterId: String? = nil, details: [String: String] = [:]
    ) {
        self.zoneId = zoneId
        self.serviceOfferingId = serviceOfferingId
        self.templateId = templateId
        self.diskOfferingId = diskOfferingId
        self.sizeGB = sizeGB
        self.rootDiskSizeGB = rootDiskSizeGB
        self.networkIds = networkIds
        self.ipAddress = ipAddress
        self.ipToNetwork = ipToNetwork
        self.name = name
        self.displayName = displayName
        self.group = group
        self.keypairs = keypairs
        self.userData = userData
        self.startVM = startVM
        self.hostId = hostId
        self.podId = podId
        self.clusterId = clusterId
        self.details = details
    }
}

/// The changes `updateVirtualMachine` may make; nil leaves a field as it is.
public struct VirtualMachineUpdate: Sendable, Equatable {
    public var displayName: String?
    /// A new guest host name; the VM must be Stopped for the guest to see it at its next start.
    public var name: String?
    public var group: String?
    public var haEnabled: Bool?
    public var userData: String?
    public var guestOsId: String?
    public var details: [String: String]?

    public init(displayName: String? = nil, name: String? = nil, group: String? = nil, haEnabled: Bool? = nil,
                userData: String? = nil, guestOsId: String? = nil, details: [String: String]? = nil) {
        self.displayName = displayName
        self.name = name
        self.group = group
        self.haEnabled = haEnabled
        self.userData = userData
        self.guestOsId = guestOsId
        self.details = details
    }
}
