/// An isolated guest network on one host: a bridge with an address, and DHCP that answers only the listed MACs.
/// No forwarding, no NAT: traffic stays on the bridge.
public struct NetworkSpec: Sendable, Equatable {
    /// libvirt network name.
    public var name: String
    public var bridge: String
    public var address: String
    public var netmask: String
    public var hosts: [DHCPHost]

    public init(name: String, bridge: String, address: String, netmask: String, hosts: [DHCPHost]) {
        self.name = name
        self.bridge = bridge
        self.address = address
        self.netmask = netmask
        self.hosts = hosts
    }
}

/// One static DHCP entry.
public struct DHCPHost: Sendable, Equatable {
    public var mac: String
    public var ip: String
    public var name: String

    public init(mac: String, ip: String, name: String) {
        self.mac = mac
        self.ip = ip
        self.name = name
    }
}

/// A storage pool to define: a local directory, or an NFS export mounted by the kernel (libvirt `netfs`).
public struct PoolDefinition: Sendable, Equatable {
    /// How the pool's storage is reached.
    public enum Kind: Sendable, Equatable {
        case directory(path: String)
        case netfs(server: String, exportPath: String, mountPoint: String)
    }

    public var name: String
    public var kind: Kind

    public init(name: String, kind: Kind) {
        self.name = name
        self.kind = kind
    }
}

/// Size figures of a pool.
public struct PoolCapacity: Sendable, Equatable {
    public var capacityBytes: Int64
    public var allocationBytes: Int64
    public var availableBytes: Int64

    public init(capacityBytes: Int64, allocationBytes: Int64, availableBytes: Int64) {
        self.capacityBytes = capacityBytes
        self.allocationBytes = allocationBytes
        self.availableBytes = availableBytes
    }
}

/// A volume to create in a pool.
public struct VolumeDefinition: Sendable, Equatable {
    public var name: String
    public var capacityBytes: Int64
    /// `qcow2` or `raw`.
    public var format: String
    /// Path of a backing image for a qcow2 overlay.
    public var backingPath: String?
    public var backingFormat: String?

    public init(name: String, capacityBytes: Int64, format: String = "qcow2", backingPath: String? = nil, backingFormat: String? = nil) {
        self.name = name
        self.capacityBytes = capacityBytes
        self.format = format
        self.backingPath = backingPath
        self.backingFormat = backingFormat
    }
}

/// A volume as a pool reports it.
public struct VolumeInfo: Sendable, Equatable {
    public var name: String
    public var path: String
    public var capacityBytes: Int64
    public var allocationBytes: Int64

    public init(name: String, path: String, capacityBytes: Int64, allocationBytes: Int64) {
        self.name = name
        self.path = path
        self.capacityBytes = capacityBytes
        self.allocationBytes = allocationBytes
    }
}
