import Foundation

/// A network interface of a virtual machine: its place on a guest network, its address and its MAC.
public struct Nic: Codable, Sendable, Equatable {
    public var id: String
    public var vmId: String
    public var networkId: String
    /// The static address from the network's ranges; nil on a network that hands out no addresses (L2).
    public var ipAddress: String?
    public var netmask: String?
    public var gateway: String?
    /// Lower-case, colon-separated (`02:00:1a:2b:3c:4d`); unique among live NICs of the zone.
    public var macAddress: String
    /// The NIC that carries the default route; exactly one per VM.
    public var isDefault: Bool
    /// The interface's slot on the VM, from 0; the guest sees them in this order.
    public var deviceId: Int
    /// The network's isolation as a URI (`vlan://100`, `vlan://untagged`).
    public var broadcastUri: String?
    public var created: Date = Date()
    public var removed: Date?

    public init(
        id: String,
        vmId: String,
        networkId: String,
        ipAddress: String? = nil,
        netmask: String? = nil,
        gateway: String? = nil,
        macAddress: String,
        isDefault: Bool,
        deviceId: Int,
        broadcastUri: String? = nil,
        created: Date = Date(),
        removed: Date? = nil
    ) {
        self.id = id
        self.vmId = vmId
        self.networkId = networkId
        self.ipAddress = ipAddress
        self.netmask = netmask
        self.gateway = gateway
        self.macAddress = macAddress
        self.isDefault = isDefault
        self.deviceId = deviceId
        self.broadcastUri = broadcastUri
        self.created = created
        self.removed = removed
    }
}
