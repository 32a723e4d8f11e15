import DomainModel
import Foundation
import ImageTransfer
import NIOPosix

/// The check a download URL must pass before every connection, on every redirect hop: http or https with
/// a host, and no resolved address on an internal network unless `secstorage.allowed.internal.sites`
/// allows it.
enum URLPolicy {
    /// Resolves the URL's host and checks every address it resolves to; throws `DownloadFailure` with the reason.
    static func check(_ url: URL, policy: InternalAddressPolicy) async throws {
        guard let scheme = url.scheme?.lowercased(), scheme == "http" || scheme == "https" else {
            throw DownloadFailure.permanent("Redirect to \(url.absoluteString) refused: only http and https URLs can be downloaded")
        }
        guard let host = url.host, !host.isEmpty else {
            throw DownloadFailure.permanent("URL \(url.absoluteString) has no host name")
        }
        let addresses = try await resolve(host)
        guard !addresses.isEmpty else { throw DownloadFailure.permanent("Host \(host) has no address") }
        for address in addresses {
            if let refusal = policy.refusal(for: address, host: host) { throw DownloadFailure.permanent(refusal) }
        }
    }

    /// Every address `host` resolves to (a literal address resolves to itself). getaddrinfo blocks, so it
    /// runs on NIO's thread pool.
    static func resolve(_ host: String) async throws -> [IPAddress] {
        if let literal = IPAddress(host) { return [literal] }
        return try await NIOThreadPool.singleton.runIfActive {
            var hints = addrinfo()
            hints.ai_family = AF_UNSPEC
            hints.ai_socktype = Int32(SOCK_STREAM.rawValue)
            var result: UnsafeMutablePointer<addrinfo>?
            let status = getaddrinfo(host, nil, &hints, &result)
            guard status == 0, let first = result else {
                throw DownloadFailure.transient("Could not resolve host \(host): \(String(cString: gai_strerror(status)))")
            }
            defer { freeaddrinfo(first) }
            var addresses: [IPAddress] = []
            var cursor: UnsafeMutablePointer<addrinfo>? = first
            while let entry = cursor {
                if let address = entry.pointee.ai_addr.flatMap({ Self.address(of: $0, family: entry.pointee.ai_family) }) {
                    addresses.append(address)
                }
                cursor = entry.pointee.ai_next
            }
            return addresses
        }
    }

    /// The IPv4 or IPv6 address in a socket address; nil for other families.
    private static func address(of sockaddr: UnsafeMutablePointer<sockaddr>, family: Int32) -> IPAddress? {
        switch family {
        case AF_INET:
            sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                let value = UInt32(bigEndian: v4.pointee.sin_addr.s_addr)
                return IPAddress(bytes: [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)])
            }
        case AF_INET6:
            sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                IPAddress(bytes: withUnsafeBytes(of: v6.pointee.sin6_addr) { Array($0) })
            }
        default:
            nil
        }
    }
}
