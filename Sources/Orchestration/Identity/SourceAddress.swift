/// What the server can tell from a client's address.
enum SourceAddress {
    /// True for IPv4 127.0.0.0/8, IPv6 ::1 and IPv4-mapped loopback addresses.
    static func isLoopback(_ address: String) -> Bool {
        let plain = address.hasPrefix("::ffff:") ? String(address.dropFirst(7)) : address
        return plain.hasPrefix("127.") || plain == "::1" || plain == "0:0:0:0:0:0:0:1"
    }
}
