import Foundation

/// An IPv4 or IPv6 address as 16 bytes (IPv4 kept as an IPv4-mapped IPv6 address), for address policy checks.
public struct IPAddress: Sendable, Hashable, CustomStringConvertible {
    public var bytes: [UInt8]

    /// Parses dotted-quad IPv4 or textual IPv6 (`::1`, `fe80::1`, `::ffff:10.0.0.1`; brackets and zone ids allowed).
    public init?(_ text: String) {
        var text = text
        if text.hasPrefix("["), text.hasSuffix("]") { text = String(text.dropFirst().dropLast()) }
        if let percent = text.firstIndex(of: "%") { text = String(text[..<percent]) }
        if let v4 = IPv4Address(text) {
            bytes = Self.mapped(v4.value)
            return
        }
        guard text.contains(":"), let parsed = Self.parseIPv6(text) else { return nil }
        bytes = parsed
    }

    public init(bytes: [UInt8]) {
        precondition(bytes.count == 16 || bytes.count == 4)
        self.bytes = bytes.count == 4 ? Self.mapped(bytes.reduce(UInt32(0)) { $0 << 8 | UInt32($1) }) : bytes
    }

    /// The IPv4 address when this is an IPv4(-mapped) address.
    public var ipv4: IPv4Address? {
        guard bytes[0..<10].allSatisfy({ $0 == 0 }), bytes[10] == 0xFF, bytes[11] == 0xFF else { return nil }
        return IPv4Address(bytes[12..<16].reduce(UInt32(0)) { $0 << 8 | UInt32($1) })
    }

    public var description: String {
        if let ipv4 { return ipv4.description }
        return stride(from: 0, to: 16, by: 2).map { String(UInt16(bytes[$0]) << 8 | UInt16(bytes[$0 + 1]), radix: 16) }.joined(separator: ":")
    }

    static func mapped(_ value: UInt32) -> [UInt8] {
        [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xFF, 0xFF, UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]
    }

    static func parseIPv6(_ text: String) -> [UInt8]? {
        let halves = text.components(separatedBy: "::")
        guard halves.count <= 2 else { return nil }
        func groups(_ part: String) -> [UInt16]? {
            if part.isEmpty { return [] }
            var result: [UInt16] = []
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false)
            for (index, piece) in pieces.enumerated() {
                if index == pieces.count - 1, piece.contains("."), let v4 = IPv4Address(String(piece)) {
                    result.append(UInt16(v4.value >> 16))
                    result.append(UInt16(v4.value & 0xFFFF))
                } else {
                    guard (1...4).contains(piece.count), let value = UInt16(piece, radix: 16) else { return nil }
                    result.append(value)
                }
            }
            return result
        }
        guard let head = groups(halves[0]) else { return nil }
        var all = head
        if halves.count == 2 {
            guard let tail = groups(halves[1]), head.count + tail.count < 8 else { return nil }
            all += Array(repeating: 0, count: 8 - head.count - tail.count) + tail
        }
        guard all.count == 8 else { return nil }
        return all.flatMap { [UInt8($0 >> 8), UInt8($0 & 0xFF)] }
    }
}

/// A network as an address and a prefix length over the 16-byte form (IPv4 prefixes count from bit 96).
public struct IPNetwork: Sendable, Hashable, CustomStringConvertible {
    public var address: IPAddress
    public var prefixLength: Int

    /// Parses `address/prefix` or a single address (a /32 or /128).
    public init?(_ text: String) {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count <= 2, let address = IPAddress(String(parts[0])) else { return nil }
        let isV4 = address.ipv4 != nil
        var prefix = isV4 ? 32 : 128
        if parts.count == 2 {
            guard let given = Int(parts[1]), given >= 0, given <= prefix else { return nil }
            prefix = given
        }
        self.address = address
        self.prefixLength = isV4 ? prefix + 96 : prefix
    }

    public func contains(_ other: IPAddress) -> Bool {
        var remaining = prefixLength
        for index in 0..<16 where remaining > 0 {
            let bits = min(8, remaining)
            let mask = UInt8(truncatingIfNeeded: 0xFF << (8 - bits))
            if address.bytes[index] & mask != other.bytes[index] & mask { return false }
            remaining -= bits
        }
        return true
    }

    public var description: String {
        address.ipv4 != nil ? "\(address)/\(prefixLength - 96)" : "\(address)/\(prefixLength)"
    }
}

/// Decides whether images may be downloaded from an address: addresses on the loopback, link-local,
/// private, shared (carrier-grade NAT) and unspecified ranges are internal and refused — fetching from them
/// on a caller's behalf would let the caller reach services behind the firewall — unless the address lies
/// in one of the networks `secstorage.allowed.internal.sites` lists.
public struct InternalAddressPolicy: Sendable {
    /// The allowed internal networks.
    public var allowed: [IPNetwork]

    public init(allowed: [IPNetwork]) {
        self.allowed = allowed
    }

    /// Parses the setting: addresses or CIDRs separated by commas or spaces. Throws on an entry it cannot read.
    public init(setting: String) throws {
        var networks: [IPNetwork] = []
        for entry in setting.split(whereSeparator: { $0 == "," || $0 == " " || $0 == ";" }) {
            guard let network = IPNetwork(String(entry)) else {
                throw DomainError.invalidParameter("secstorage.allowed.internal.sites: \(entry) is not an address or CIDR")
            }
            networks.append(network)
        }
        allowed = networks
    }

    /// The kind of internal range an address is in ("loopback", "private", …), nil for a public address.
    public static func internalKind(of address: IPAddress) -> String? {
        if let v4 = address.ipv4 {
            let ranges: [(String, String)] = [
                ("0.0.0.0/8", "unspecified"), ("127.0.0.0/8", "loopback"), ("169.254.0.0/16", "link-local"),
                ("10.0.0.0/8", "private"), ("172.16.0.0/12", "private"), ("192.168.0.0/16", "private"),
                ("100.64.0.0/10", "shared (carrier-grade NAT)"), ("224.0.0.0/4", "multicast"), ("240.0.0.0/4", "reserved"),
            ]
            for (cidr, kind) in ranges where IPv4Subnet(cidr: cidr)!.contains(v4) { return kind }
            return nil
        }
        let ranges: [(String, String)] = [
            ("::/128", "unspecified"), ("::1/128", "loopback"), ("fe80::/10", "link-local"),
            ("fc00::/7", "private (unique local)"), ("ff00::/8", "multicast"), ("fec0::/10", "site-local"),
        ]
        for (cidr, kind) in ranges where IPNetwork(cidr)!.contains(address) { return kind }
        return nil
    }

    /// Why downloads from `address` are refused, nil when they are allowed.
    public func refusal(for address: IPAddress, host: String) -> String? {
        guard let kind = Self.internalKind(of: address) else { return nil }
        if allowed.contains(where: { $0.contains(address) }) { return nil }
        let named = host == address.description ? address.description : "\(host) (\(address))"
        return "Downloads from \(named) are refused: it is a \(kind) address. To allow it, add the address or its network to the global setting secstorage.allowed.internal.sites"
    }
}
