/// One address range of a guest network with the gateway and subnet its addresses use.
public struct GuestIpRange: Sendable, Hashable {
    public var range: IPv4Range
    public var gateway: IPv4Address
    public var subnet: IPv4Subnet

    public init(range: IPv4Range, gateway: IPv4Address, subnet: IPv4Subnet) {
        self.range = range
        self.gateway = gateway
        self.subnet = subnet
    }

    /// Parses the four texts a range is stored with; refuses malformed addresses, a non-contiguous
    /// netmask and a start after the end.
    public init(start: String, end: String, gateway: String, netmask: String) throws(IPAllocationError) {
        guard let first = IPv4Address(start) else { throw .malformedAddress(start) }
        guard let last = IPv4Address(end) else { throw .malformedAddress(end) }
        guard let gatewayAddress = IPv4Address(gateway) else { throw .malformedAddress(gateway) }
        guard IPv4Address(netmask) != nil, let subnet = IPv4Subnet(address: gatewayAddress, netmask: netmask) else {
            throw .malformedRange("\(netmask) is not a valid netmask")
        }
        guard let range = IPv4Range(start: first, end: last) else {
            throw .malformedRange("the range \(first)–\(last) starts after it ends")
        }
        self.init(range: range, gateway: gatewayAddress, subnet: subnet)
    }

    /// The range of a stored `VlanIpRange`.
    public init(_ vlan: VlanIpRange) throws(IPAllocationError) {
        try self.init(start: vlan.startIp, end: vlan.endIp, gateway: vlan.gateway, netmask: vlan.netmask)
    }

    public var netmask: IPv4Address { subnet.netmask }
}
