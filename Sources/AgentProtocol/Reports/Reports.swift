/// What an agent tells the server about its host at the start of every session.
public struct StartupReport: Codable, Sendable, Equatable {
    public var hostName: String
    /// The host's IPv4 addresses, loopback excluded unless it has no other.
    public var addresses: [String]
    public var hypervisor: String
    public var hypervisorVersion: String
    public var agentVersion: String
    /// `kvm` when hardware virtualisation works, else `qemu` (software emulation).
    public var domainType: String
    public var cpuModel: String
    public var cpuSockets: Int
    /// Logical CPUs.
    public var cpuCount: Int
    public var cpuSpeedMHz: Int64
    public var memoryBytes: Int64
    /// `kernel` (NFS mounted by the kernel) or `userspace` (libnfs and qemu's nfs driver).
    public var nfsAccess: String
    public var pools: [PoolReport]
    public var vms: [VMPowerReport]

    public init(hostName: String, addresses: [String], hypervisor: String, hypervisorVersion: String, agentVersion: String,
                domainType: String, cpuModel: String, cpuSockets: Int, cpuCount: Int, cpuSpeedMHz: Int64, memoryBytes: Int64,
                nfsAccess: String, pools: [PoolReport], vms: [VMPowerReport]) {
        self.hostName = hostName
        self.addresses = addresses
        self.hypervisor = hypervisor
        self.hypervisorVersion = hypervisorVersion
        self.agentVersion = agentVersion
        self.domainType = domainType
        self.cpuModel = cpuModel
        self.cpuSockets = cpuSockets
        self.cpuCount = cpuCount
        self.cpuSpeedMHz = cpuSpeedMHz
        self.memoryBytes = memoryBytes
        self.nfsAccess = nfsAccess
        self.pools = pools
        self.vms = vms
    }
}

/// The periodic report: VM power states, host load and pool capacity.
public struct PingReport: Codable, Sendable, Equatable {
    public var vms: [VMPowerReport]
    public var stats: HostStats
    public var pools: [PoolReport]

    public init(vms: [VMPowerReport], stats: HostStats, pools: [PoolReport]) {
        self.vms = vms
        self.stats = stats
        self.pools = pools
    }
}

/// Power state of one VM on the host.
public struct VMPowerReport: Codable, Sendable, Equatable {
    public var name: String
    public var state: VMPowerState
    /// VNC port on the host's loopback, when the VM runs.
    public var vncPort: Int?

    public init(name: String, state: VMPowerState, vncPort: Int? = nil) {
        self.name = name
        self.state = state
        self.vncPort = vncPort
    }
}

/// A VM's power state as the host sees it.
public enum VMPowerState: String, Codable, Sendable, Equatable {
    case running = "PowerOn"
    case stopped = "PowerOff"
    /// The domain does not exist on the host (any more).
    case missing = "PowerReportMissing"
    case unknown = "PowerUnknown"
}

/// Load figures of a host.
public struct HostStats: Codable, Sendable, Equatable {
    /// Percent of all CPUs busy since the previous sample.
    public var cpuUtilization: Double
    public var memoryTotalBytes: Int64
    public var memoryUsedBytes: Int64
    /// Network throughput over all interfaces since the previous sample.
    public var networkReadKBs: Double
    public var networkWriteKBs: Double
    public var loadAverage: Double

    public init(cpuUtilization: Double, memoryTotalBytes: Int64, memoryUsedBytes: Int64, networkReadKBs: Double, networkWriteKBs: Double, loadAverage: Double) {
        self.cpuUtilization = cpuUtilization
        self.memoryTotalBytes = memoryTotalBytes
        self.memoryUsedBytes = memoryUsedBytes
        self.networkReadKBs = networkReadKBs
        self.networkWriteKBs = networkWriteKBs
        self.loadAverage = loadAverage
    }
}

/// Capacity of a primary storage pool as one host sees it, or why the host cannot reach it.
public struct PoolReport: Codable, Sendable, Equatable {
    public var poolId: String
    public var capacityBytes: Int64
    public var usedBytes: Int64
    public var availableBytes: Int64
    /// Sum of the virtual sizes of the volumes on the pool.
    public var allocatedBytes: Int64
    /// nil when the pool is reachable; otherwise what went wrong.
    public var error: String?

    public init(poolId: String, capacityBytes: Int64, usedBytes: Int64, availableBytes: Int64, allocatedBytes: Int64, error: String? = nil) {
        self.poolId = poolId
        self.capacityBytes = capacityBytes
        self.usedBytes = usedBytes
        self.availableBytes = availableBytes
        self.allocatedBytes = allocatedBytes
        self.error = error
    }

    public static func unreachable(_ poolId: String, _ error: String) -> PoolReport {
        PoolReport(poolId: poolId, capacityBytes: 0, usedBytes: 0, availableBytes: 0, allocatedBytes: 0, error: error)
    }
}

/// A volume as created or found on a pool.
public struct VolumeReport: Codable, Sendable, Equatable {
    public var poolId: String
    public var name: String
    /// Where the hypervisor reads it: a local path or an `nfs://` URL.
    public var location: String
    public var virtualSizeBytes: Int64
    public var physicalSizeBytes: Int64

    public init(poolId: String, name: String, location: String, virtualSizeBytes: Int64, physicalSizeBytes: Int64) {
        self.poolId = poolId
        self.name = name
        self.location = location
        self.virtualSizeBytes = virtualSizeBytes
        self.physicalSizeBytes = physicalSizeBytes
    }
}

/// Usage figures of one VM.
public struct VMStats: Codable, Sendable, Equatable {
    public var name: String
    public var cpuUtilization: Double
    public var memoryBytes: Int64
    public var networkReadKBs: Double
    public var networkWriteKBs: Double
    public var diskReadKBs: Double
    public var diskWriteKBs: Double

    public init(name: String, cpuUtilization: Double, memoryBytes: Int64, networkReadKBs: Double, networkWriteKBs: Double, diskReadKBs: Double, diskWriteKBs: Double) {
        self.name = name
        self.cpuUtilization = cpuUtilization
        self.memoryBytes = memoryBytes
        self.networkReadKBs = networkReadKBs
        self.networkWriteKBs = networkWriteKBs
        self.diskReadKBs = diskReadKBs
        self.diskWriteKBs = diskWriteKBs
    }
}
