import DomainModel
import Foundation
import NIOPosix

/// The rules a template or ISO URL must follow: http or https with a host, and — checked before every
/// connection, on every redirect hop — no resolved address on an internal network unless
/// `secstorage.allowed.internal.sites` allows it.
enum URLPolicy {
    /// Checks the form of a URL at registration; throws a 431-style error naming the problem.
    static func parse(_ text: String) throws -> URL {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard let url = URL(string: trimmed), let scheme = url.scheme?.lowercased() else {
            throw DomainError.invalidParameter("URL \(text) is not a valid URL")
        }
        guard scheme == "http" || scheme == "https" else {
            throw DomainError.invalidParameter("URL \(text) uses \(scheme); only http and https URLs can be downloaded")
        }
        guard let host = url.host, !host.isEmpty else {
            throw DomainError.invalidParameter("URL \(text) has no host name")
        }
        if let port = url.port, !(1...65535).contains(port) {
            throw DomainError.invalidParameter("URL \(text) has an invalid port")
        }
        return url
    }

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

    /// Every address `host` resolves to (a literal address resolves to itself).
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
                if let sockaddr = entry.pointee.ai_addr {
                    switch Int32(entry.pointee.ai_family) {
                    case AF_INET:
                        sockaddr.withMemoryRebound(to: sockaddr_in.self, capacity: 1) { v4 in
                            let value = UInt32(bigEndian: v4.pointee.sin_addr.s_addr)
                            addresses.append(IPAddress(bytes: [UInt8(value >> 24), UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF)]))
                        }
                    case AF_INET6:
                        sockaddr.withMemoryRebound(to: sockaddr_in6.self, capacity: 1) { v6 in
                            let bytes = withUnsafeBytes(of: v6.pointee.sin6_addr) { Array($0) }
                            addresses.append(IPAddress(bytes: bytes))
                        }
                    default: break
                    }
                }
                cursor = entry.pointee.ai_next
            }
            return addresses
        }
    }
}

/// Why a download stopped: permanent failures end in an error status at once; transient ones are retried.
enum DownloadFailure: Error, CustomStringConvertible {
    case permanent(String)
    case transient(String)
    /// The store is full: permanent, and said so.
    case storeFull(String)

    var description: String {
        switch self {
        case .permanent(let text), .transient(let text), .storeFull(let text): text
        }
    }

    var isTransient: Bool {
        if case .transient = self { return true }
        return false
    }
}
