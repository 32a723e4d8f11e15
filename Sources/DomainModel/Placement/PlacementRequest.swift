/// What a VM needs from a host and a primary storage pool, and where it may or must go.
///
/// For a deployment `rootDiskBytes` and `dataDiskBytes` are the disks to create. To start an existing VM,
/// set `volumePoolId` to the pool its volumes live on: only hosts that reach that pool are considered,
/// and the disk sizes then count only disks still to be created there (usually 0).
public struct PlacementRequest: Sendable, Equatable {
    public var zoneId: String
    public var cpuNumber: Int
    /// MHz per vCPU.
    public var cpuSpeed: Int
    /// MiB.
    public var memory: Int
    public var rootDiskBytes: Int64
    public var dataDiskBytes: Int64 = 0
    /// Pins (`hostid`, `podid`, `clusterid` of deployVirtualMachine / startVirtualMachine): only hosts
    /// inside every pin given are considered.
    public var hostId: String?
    public var podId: String?
    public var clusterId: String?
    /// The host the VM ran on last; tried first when it fits (CloudStack's `considerlasthost`).
    public var lastHostId: String?
    /// The pool the VM's volumes already live on.
    public var volumePoolId: String?
    /// Hosts and pools an earlier attempt failed on, left out of this one.
    public var avoidHostIds: Set<String> = []
    public var avoidPoolIds: Set<String> = []

    public init(
        zoneId: String,
        cpuNumber: Int,
        cpuSpeed: Int,
        memory: Int,
        rootDiskBytes: Int64,
        dataDiskBytes: Int64 = 0,
        hostId: String? = nil,
        podId: String? = nil,
        clusterId: String? = nil,
        lastHostId: String? = nil,
        volumePoolId: String? = nil,
        avoidHostIds: Set<String> = [],
        avoidPoolIds: Set<String> = []
    ) {
        self.zoneId = zoneId
        self.cpuNumber = cpuNumber
        self.cpuSpeed = cpuSpeed
        self.memory = memory
        self.rootDiskBytes = rootDiskBytes
        self.dataDiskBytes = dataDiskBytes
        self.hostId = hostId
        self.podId = podId
        self.clusterId = clusterId
        self.lastHostId = lastHostId
        self.volumePoolId = volumePoolId
        self.avoidHostIds = avoidHostIds
        self.avoidPoolIds = avoidPoolIds
    }

    /// CPU the VM claims: vCPUs × MHz per vCPU.
    public var cpuNeededMHz: Int64 { Int64(cpuNumber) * Int64(cpuSpeed) }

    /// Memory the VM claims, in bytes.
    public var memoryNeededBytes: Int64 { Int64(memory) * 1_048_576 }

    /// Primary storage the disks to create claim, in bytes.
    public var storageNeededBytes: Int64 { rootDiskBytes + dataDiskBytes }
}
