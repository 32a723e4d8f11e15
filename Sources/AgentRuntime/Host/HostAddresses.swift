#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The host's IPv4 addresses from its interfaces.
enum HostAddresses {
    /// Every IPv4 address in interface order, loopback left out unless there is nothing else.
    static func ipv4() -> [String] {
        var first: UnsafeMutablePointer<ifaddrs>?
        guard getifaddrs(&first) == 0, let first else { return [] }
        defer { freeifaddrs(first) }
        var addresses: [String] = []
        var loopback: [String] = []
        for entry in sequence(first: first, next: { $0.pointee.ifa_next }) {
            guard let address = entry.pointee.ifa_addr, address.pointee.sa_family == sa_family_t(AF_INET) else { continue }
            var text = [CChar](repeating: 0, count: Int(INET_ADDRSTRLEN))
            let converted = address.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { inet in
                withUnsafePointer(to: inet.pointee.sin_addr) { inet_ntop(AF_INET, $0, &text, socklen_t(INET_ADDRSTRLEN)) }
            }
            guard converted != nil else { continue }
            let string = String(decoding: text.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
            let isLoopback = (entry.pointee.ifa_flags & UInt32(IFF_LOOPBACK)) != 0 || string.hasPrefix("127.")
            if isLoopback {
                if !loopback.contains(string) { loopback.append(string) }
            } else if !addresses.contains(string) {
                addresses.append(string)
            }
        }
        return addresses.isEmpty ? loopback : addresses
    }
}
