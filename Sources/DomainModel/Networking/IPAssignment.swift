/// An address handed to a NIC, with the gateway and netmask of the range it came from.
public struct IPAssignment: Sendable, Hashable {
    public var address: IPv4Address
    public var gateway: IPv4Address
    public var netmask: IPv4Address

    public init(address: IPv4Address, gateway: IPv4Address, netmask: IPv4Address) {
        self.address = address
        self.gateway = gateway
        self.netmask = netmask
    }
}
