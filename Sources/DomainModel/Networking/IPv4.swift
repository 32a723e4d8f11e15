/// An IPv4 address as a 32-bit number, for range and subnet arithmetic.
public struct IPv4Address: Sendable, Hashable, Comparable, CustomStringConvertible {
    public var value: UInt32

    public init(_ value: UInt32) { self.value = value }

    /// Parses dotted-quad notation; rejects anything else (leading zeros, spaces, out-of-range octets).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count == 4 else { return nil }
        var v: UInt32 = 0
        for part in parts {
            guard !part.isEmpty, part.count <= 3, part.allSatisfy({ $0.isASCII && $0.isNumber }),
                  let octet = UInt32(part), octet <= 255, !(part.count > 1 && part.first == "0") else { return nil }
            v = v << 8 | octet
        }
        value = v
    }

    public var description: String {
        "\(value >> 24).\(value >> 16 & 0xFF).\(value >> 8 & 0xFF).\(value & 0xFF)"
    }

    public static func < (a: Self, b: Self) -> Bool { a.value < b.value }
}

/// An IPv4 subnet given by a network address and a prefix length.
public struct IPv4Subnet: Sendable, Hashable, CustomStringConvertible {
    public var network: IPv4Address
    public var prefixLength: Int

    public init(network: IPv4Address, prefixLength: Int) {
        self.prefixLength = prefixLength
        self.network = IPv4Address(network.value & Self.mask(prefixLength))
    }

    /// The subnet an address belongs to under a dotted netmask (`255.255.255.0`); nil if the mask is not contiguous.
    public init?(address: IPv4Address, netmask: String) {
        guard let prefix = Self.prefixLength(netmask: netmask) else { return nil }
        self.init(network: address, prefixLength: prefix)
    }

    /// Parses `a.b.c.d/n`.
    public init?(cidr: String) {
        let parts = cidr.split(separator: "/")
        guard parts.count == 2, let address = IPv4Address(String(parts[0])), let prefix = Int(parts[1]), (0...32).contains(prefix) else { return nil }
        self.init(network: address, prefixLength: prefix)
    }

    public static func mask(_ prefix: Int) -> UInt32 {
        prefix == 0 ? 0 : UInt32.max << UInt32(32 - prefix)
    }

    /// The prefix length of a dotted netmask, nil when the mask's one-bits are not contiguous.
    public static func prefixLength(netmask: String) -> Int? {
        guard let m = IPv4Address(netmask) else { return nil }
        let ones = m.value.nonzeroBitCount
        return mask(ones) == m.value ? ones : nil
    }

    public var netmask: IPv4Address { IPv4Address(Self.mask(prefixLength)) }
    public var broadcast: IPv4Address { IPv4Address(network.value | ~Self.mask(prefixLength)) }

    public func contains(_ address: IPv4Address) -> Bool {
        address.value & Self.mask(prefixLength) == network.value
    }

    public var description: String { "\(network)/\(prefixLength)" }
}

/// An inclusive range of IPv4 addresses.
public struct IPv4Range: Sendable, Hashable, CustomStringConvertible {
    public var start: IPv4Address
    public var end: IPv4Address

    public init?(start: IPv4Address, end: IPv4Address) {
        guard start <= end else { return nil }
        self.start = start
        self.end = end
    }

    public init?(start: String, end: String) {
        guard let s = IPv4Address(start), let e = IPv4Address(end) else { return nil }
        self.init(start: s, end: e)
    }

    public func overlaps(_ other: IPv4Range) -> Bool {
        start <= other.end && other.start <= end
    }

    public func contains(_ address: IPv4Address) -> Bool {
        start <= address && address <= end
    }

    public var count: UInt64 { UInt64(end.value - start.value) + 1 }

    public var description: String { "\(start)-\(end)" }
}
