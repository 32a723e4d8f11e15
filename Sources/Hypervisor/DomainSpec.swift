/// A domain to define, with every device resolved to a concrete location.
public struct DomainSpec: Sendable, Equatable {
    public var name: String
    public var uuid: String
    /// `kvm` or `qemu`.
    public var domainType: String
    public var vcpus: Int
    /// Scheduler weight (libvirt `<shares>`), proportional to the CPU speed the offering grants.
    public var cpuShares: Int
    public var memoryMiB: Int
    public var disks: [DomainDisk]
    public var interfaces: [DomainInterface]
    public var bootOrder: [String]
    /// Serves VNC on the host's loopback with an automatically chosen port.
    public var vncOnLoopback: Bool
    /// Free-form description stored in the domain (`<description>`).
    public var description: String

    public init(name: String, uuid: String, domainType: String, vcpus: Int, cpuShares: Int, memoryMiB: Int,
                disks: [DomainDisk], interfaces: [DomainInterface], bootOrder: [String] = ["hd"], vncOnLoopback: Bool = true, description: String = "") {
        self.name = name
        self.uuid = uuid
        self.domainType = domainType
        self.vcpus = vcpus
        self.cpuShares = cpuShares
        self.memoryMiB = memoryMiB
        self.disks = disks
        self.interfaces = interfaces
        self.bootOrder = bootOrder
        self.vncOnLoopback = vncOnLoopback
        self.description = description
    }
}

/// One disk or CD-ROM device of a domain.
public struct DomainDisk: Sendable, Equatable {
    public var device: Device
    /// nil for an empty CD-ROM drive.
    public var source: DiskSourceLocation?
    /// `qcow2` or `raw`.
    public var format: String
    /// Target device name, e.g. `vda`, `hdc`, `sda`.
    public var target: String
    /// `virtio`, `sata`, `ide`, `scsi`.
    public var bus: String
    public var readOnly: Bool

    /// Hard disk or CD-ROM.
    public enum Device: String, Sendable, Equatable {
        case disk, cdrom
    }

    public init(device: Device, source: DiskSourceLocation?, format: String, target: String, bus: String, readOnly: Bool = false) {
        self.device = device
        self.source = source
        self.format = format
        self.target = target
        self.bus = bus
        self.readOnly = readOnly
    }
}

/// Where a disk's bytes are: a file the host can open, or a file on an NFS server qemu reaches itself.
public enum DiskSourceLocation: Sendable, Equatable {
    case file(path: String)
    case nfs(server: String, path: String)
}

/// One network interface of a domain, plugged into a libvirt network.
public struct DomainInterface: Sendable, Equatable {
    public var mac: String
    /// The libvirt network the interface joins.
    public var network: String
    public var model: String

    public init(mac: String, network: String, model: String = "virtio") {
        self.mac = mac
        self.network = network
        self.model = model
    }
}

/// A domain as `list()` reports it.
public struct DomainSummary: Sendable, Equatable {
    public var name: String
    public var uuid: String
    public var state: DomainState
    /// VNC port when the domain runs with a VNC display.
    public var vncPort: Int?

    public init(name: String, uuid: String, state: DomainState, vncPort: Int? = nil) {
        self.name = name
        self.uuid = uuid
        self.state = state
        self.vncPort = vncPort
    }
}

/// Power state of a domain.
public enum DomainState: String, Sendable, Equatable {
    case running, blocked, paused, shuttingDown, shutOff, crashed, suspended, unknown

    /// True while the domain holds its CPU and memory.
    public var isActive: Bool {
        switch self {
        case .running, .blocked, .paused, .shuttingDown, .suspended: true
        case .shutOff, .crashed, .unknown: false
        }
    }
}

/// Cumulative counters of one domain.
public struct DomainCounters: Sendable, Equatable {
    public var cpuTimeNanoseconds: UInt64
    public var memoryBytes: Int64
    public var vcpus: Int
    public var networkRxBytes: Int64
    public var networkTxBytes: Int64
    public var diskReadBytes: Int64
    public var diskWriteBytes: Int64

    public init(cpuTimeNanoseconds: UInt64, memoryBytes: Int64, vcpus: Int, networkRxBytes: Int64, networkTxBytes: Int64, diskReadBytes: Int64, diskWriteBytes: Int64) {
        self.cpuTimeNanoseconds = cpuTimeNanoseconds
        self.memoryBytes = memoryBytes
        self.vcpus = vcpus
        self.networkRxBytes = networkRxBytes
        self.networkTxBytes = networkTxBytes
        self.diskReadBytes = diskReadBytes
        self.diskWriteBytes = diskWriteBytes
    }
}

/// A lifecycle change of a domain.
public struct DomainEvent: Sendable, Equatable {
    /// What happened.
    public enum Kind: String, Sendable, Equatable {
        case defined, undefined, started, suspended, resumed, stopped, shutdown, crashed
    }

    public var domain: String
    public var kind: Kind

    public init(domain: String, kind: Kind) {
        self.domain = domain
        self.kind = kind
    }
}
