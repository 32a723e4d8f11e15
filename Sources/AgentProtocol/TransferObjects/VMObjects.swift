/// Everything a host needs to start a VM; the agent keeps no state of its own about VMs.
public struct VMSpec: Codable, Sendable, Equatable {
    /// The hypervisor-side name (CloudStack's instance name, e.g. `i-2-10-VM`).
    public var name: String
    public var uuid: String
    /// The guest's host name.
    public var hostName: String
    public var vcpus: Int
    /// CPU share in MHz per vCPU, mapped to the scheduler's weight.
    public var cpuSpeedMHz: Int
    public var memoryMiB: Int
    public var disks: [DiskSpec]
    public var nics: [NICSpec]
    /// Files of the config drive (path inside the drive → contents), when the VM gets one.
    public var configDrive: [String: String]?
    /// Device types tried in order at boot.
    public var bootOrder: [BootDevice]

    public init(name: String, uuid: String, hostName: String, vcpus: Int, cpuSpeedMHz: Int, memoryMiB: Int,
                disks: [DiskSpec], nics: [NICSpec], configDrive: [String: String]? = nil, bootOrder: [BootDevice] = [.disk]) {
        self.name = name
        self.uuid = uuid
        self.hostName = hostName
        self.vcpus = vcpus
        self.cpuSpeedMHz = cpuSpeedMHz
        self.memoryMiB = memoryMiB
        self.disks = disks
        self.nics = nics
        self.configDrive = configDrive
        self.bootOrder = bootOrder
    }
}

/// Boot devices, in the order a VM tries them.
public enum BootDevice: String, Codable, Sendable, Equatable {
    case cdrom, disk, network
}

/// One disk or CD-ROM of a VM.
public struct DiskSpec: Codable, Sendable, Equatable {
    public var kind: DiskKind
    public var source: DiskSource?
    /// 0 for the root disk, then data disks in attach order.
    public var deviceId: Int
    public var readOnly: Bool

    public init(kind: DiskKind, source: DiskSource?, deviceId: Int, readOnly: Bool = false) {
        self.kind = kind
        self.source = source
        self.deviceId = deviceId
        self.readOnly = readOnly
    }
}

/// Whether a device is a hard disk or a CD-ROM drive.
public enum DiskKind: String, Codable, Sendable, Equatable {
    case disk, cdrom
}

/// Where a disk's data lives.
public enum DiskSource: Codable, Sendable, Equatable {
    /// A volume on a primary storage pool the host has attached.
    case volume(poolId: String, name: String)
    /// An image anywhere the host can read: a local path or an `nfs://server/path/file` URL.
    case image(location: String)
}

/// One network interface of a VM.
public struct NICSpec: Codable, Sendable, Equatable {
    public var mac: String
    public var ipAddress: String
    public var networkId: String
    public var deviceId: Int

    public init(mac: String, ipAddress: String, networkId: String, deviceId: Int) {
        self.mac = mac
        self.ipAddress = ipAddress
        self.networkId = networkId
        self.deviceId = deviceId
    }
}

/// A guest network as one host serves it: a bridge, and DHCP answering only for known MAC addresses.
public struct GuestNetworkSpec: Codable, Sendable, Equatable {
    public var networkId: String
    /// Bridge name on the host (at most 15 characters).
    public var bridge: String
    /// The address the host's bridge takes; DHCP is served from it.
    public var hostAddress: String
    public var netmask: String
    public var gateway: String
    public var dns: [String]
    public var reservations: [DHCPReservation]

    public init(networkId: String, bridge: String, hostAddress: String, netmask: String, gateway: String, dns: [String], reservations: [DHCPReservation]) {
        self.networkId = networkId
        self.bridge = bridge
        self.hostAddress = hostAddress
        self.netmask = netmask
        self.gateway = gateway
        self.dns = dns
        self.reservations = reservations
    }
}

/// One static DHCP answer: this MAC gets this address and host name.
public struct DHCPReservation: Codable, Sendable, Equatable {
    public var mac: String
    public var ipAddress: String
    public var hostName: String

    public init(mac: String, ipAddress: String, hostName: String) {
        self.mac = mac
        self.ipAddress = ipAddress
        self.hostName = hostName
    }
}
