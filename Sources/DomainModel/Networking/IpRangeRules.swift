/// An address range already in use, with the words an error message names its holder by.
public struct ReservedRange: Sendable, Equatable {
    public var range: IPv4Range
    /// The whole phrase after "overlaps with", e.g. `the management IP range 198.18.1.10-198.18.1.100 of pod Pod1`.
    public var holder: String

    public init(_ range: IPv4Range, holder: String) {
        self.range = range
        self.holder = holder
    }
}

/// Pure checks of the addressing a guest or public network is given: the subnet a gateway and
/// netmask describe, a range of addresses inside it, and collisions with ranges already in use.
public enum IpRangeRules {
    /// The subnet of `gateway` under `netmask`. Refuses malformed addresses, a netmask whose bits are
    /// not contiguous, a subnet too small to hold a gateway and a range (/31, /32, /0), and a gateway
    /// that is the subnet's network or broadcast address.
    public static func subnet(gateway: String, netmask: String) throws -> IPv4Subnet {
        guard let address = IPv4Address(gateway) else {
            throw DomainError.invalidParameter("Please specify a valid IPv4 address for gateway: \(gateway)")
        }
        guard IPv4Address(netmask) != nil, let subnet = IPv4Subnet(address: address, netmask: netmask) else {
            throw DomainError.invalidParameter("Please specify a valid netmask: \(netmask)")
        }
        guard (1...30).contains(subnet.prefixLength) else {
            throw DomainError.invalidParameter("The netmask \(netmask) leaves no room for a gateway and a range of addresses")
        }
        guard address != subnet.network, address != subnet.broadcast else {
            throw DomainError.invalidParameter("The gateway \(address) is the network or broadcast address of the subnet \(subnet)")
        }
        return subnet
    }

    /// The range `start`…`end` of `subnet` whose gateway is `gateway`. Refuses malformed addresses, a start
    /// after the end, addresses outside the subnet, the subnet's network or broadcast address, and a range
    /// that contains the gateway.
    public static func range(start: String, end: String, in subnet: IPv4Subnet, gateway: IPv4Address) throws -> IPv4Range {
        guard let first = IPv4Address(start) else {
            throw DomainError.invalidParameter("Please specify a valid IPv4 address for startip: \(start)")
        }
        guard let last = IPv4Address(end) else {
            throw DomainError.invalidParameter("Please specify a valid IPv4 address for endip: \(end)")
        }
        guard let range = IPv4Range(start: first, end: last) else {
            throw DomainError.invalidParameter("The start IP \(first) is greater than the end IP \(last)")
        }
        guard subnet.contains(first), subnet.contains(last) else {
            throw DomainError.invalidParameter("The IP range \(range) is not inside the subnet \(subnet) of the gateway \(gateway)")
        }
        guard !range.contains(subnet.network), !range.contains(subnet.broadcast) else {
            throw DomainError.invalidParameter("The IP range \(range) must not include the network or broadcast address of the subnet \(subnet)")
        }
        guard !range.contains(gateway) else {
            throw DomainError.invalidParameter("The gateway \(gateway) must not lie inside the IP range \(range)")
        }
        return range
    }

    /// The first reserved range that shares an address with `range`, if any.
    public static func firstCollision(of range: IPv4Range, with reserved: [ReservedRange]) -> ReservedRange? {
        reserved.first { $0.range.overlaps(range) }
    }

    /// Refuses `range` when it shares an address with a reserved range, naming the range it collides with.
    public static func checkFree(_ range: IPv4Range, of reserved: [ReservedRange]) throws {
        if let hit = firstCollision(of: range, with: reserved) {
            throw DomainError.invalidParameter("The IP range \(range) overlaps with \(hit.holder)")
        }
    }
}
