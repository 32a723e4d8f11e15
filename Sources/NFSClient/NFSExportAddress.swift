/// Where an NFS export is: server, export path and optional fixed ports; parsed from and printed as
/// `nfs://server/export/path[?nfsport=N&mountport=M]`.
public struct NFSExportAddress: Sendable, Hashable, CustomStringConvertible {
    /// Host name, IPv4 address or IPv6 address (without brackets).
    public let server: String
    /// Absolute, normalised export path on the server, e.g. "/srv/nfs/primary".
    public let exportPath: String
    /// NFS port to use instead of asking the server's portmapper.
    public let nfsPort: Int?
    /// MOUNT protocol port to use instead of asking the server's portmapper.
    public let mountPort: Int?

    /// Validates and normalises the parts; throws `NFSError` with the reason when one is unusable.
    public init(server: String, exportPath: String, nfsPort: Int? = nil, mountPort: Int? = nil) throws {
        let host = server.hasPrefix("[") && server.hasSuffix("]") ? String(server.dropFirst().dropLast()) : server
        func invalid(_ reason: String) -> NFSError {
            NFSError(operation: "validate address", server: server, exportPath: exportPath, message: reason)
        }
        if let problem = NFSExportAddress.problem(withServer: host) { throw invalid(problem) }
        guard exportPath.hasPrefix("/") else { throw invalid("the export path must be absolute, got \"\(exportPath)\"") }
        if exportPath.contains(where: { $0 == "?" || $0 == "#" || $0 == "%" || $0.isWhitespace }) {
            throw invalid("the export path \"\(exportPath)\" contains a space, '?', '#' or '%'")
        }
        let normalised: String
        switch NFSPath.normalize(exportPath) {
        case .success(let path): normalised = path
        case .failure(let problem): throw invalid(problem.reason)
        }
        guard normalised != "/" else { throw invalid("the export path is missing") }
        for (name, port) in [("nfsport", nfsPort), ("mountport", mountPort)] {
            if let port, !(1...65535).contains(port) { throw invalid("\(name) \(port) is not a port number (1-65535)") }
        }
        self.server = host
        self.exportPath = normalised
        self.nfsPort = nfsPort
        self.mountPort = mountPort
    }

    /// Parses `nfs://server/export/path`; the whole path is the export. Accepted parameters:
    /// `nfsport` and `mountport`. Other schemes, user info, `:port` in the authority, fragments and
    /// unknown parameters are refused with an `NFSError` saying why.
    public init(url: String) throws {
        func invalid(_ reason: String) -> NFSError {
            NFSError(operation: "parse URL", server: "", exportPath: "", message: "\"\(url)\" is not a usable NFS URL: \(reason)")
        }
        guard let colon = url.firstIndex(of: ":"), url[colon...].hasPrefix("://") else {
            throw invalid("expected nfs://server/export/path")
        }
        let scheme = url[..<colon]
        guard scheme.lowercased() == "nfs" else {
            throw invalid("unsupported scheme \"\(scheme)\" (expected nfs)")
        }
        var rest = url[url.index(colon, offsetBy: 3)...]
        if rest.contains("#") { throw invalid("fragments are not allowed") }
        var query: Substring = ""
        if let mark = rest.firstIndex(of: "?") {
            query = rest[rest.index(after: mark)...]
            rest = rest[..<mark]
        }
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let authority = rest[..<slash]
        let path = String(rest[slash...])
        if authority.contains("@") { throw invalid("user information is not allowed") }
        var host = String(authority)
        if host.hasPrefix("[") {
            guard let close = host.firstIndex(of: "]") else { throw invalid("unterminated IPv6 address") }
            if host.index(after: close) != host.endIndex {
                throw invalid("a port after the server is not supported; use ?nfsport=N")
            }
            host = String(host[host.index(after: host.startIndex)..<close])
        } else if host.contains(":") {
            throw invalid("a port after the server is not supported; use ?nfsport=N")
        }
        if host.isEmpty { throw invalid("the server is missing") }
        if path.isEmpty || path == "/" { throw invalid("the export path is missing") }

        var nfsPort: Int?
        var mountPort: Int?
        for parameter in query.split(separator: "&", omittingEmptySubsequences: true) {
            let pair = parameter.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = pair[0].lowercased()
            guard pair.count == 2, let value = Int(pair[1]) else {
                throw invalid("parameter \"\(parameter)\" needs a numeric value")
            }
            switch name {
            case "nfsport": nfsPort = value
            case "mountport": mountPort = value
            default: throw invalid("unsupported parameter \"\(name)\" (known: nfsport, mountport)")
            }
        }
        do {
            try self.init(server: host, exportPath: path, nfsPort: nfsPort, mountPort: mountPort)
        } catch let error as NFSError {
            throw invalid(error.message)
        }
    }

    /// `nfs://server/export/path`, with the port parameters when set.
    public var url: String {
        NFSPath.url(server: server, exportPath: exportPath, path: "/") + querySuffix
    }

    /// `nfs://server/export/<path>` of a file or directory in the export (what qemu and libvirt open).
    /// Port parameters are appended when set. Throws when `path` contains ".." or control characters.
    public func url(for path: String) throws -> String {
        switch NFSPath.normalize(path) {
        case .success(let normalised):
            return NFSPath.url(server: server, exportPath: exportPath, path: normalised) + querySuffix
        case .failure(let problem):
            throw NFSError(operation: "build URL", server: server, exportPath: exportPath, path: path, message: problem.reason)
        }
    }

    public var description: String { url }

    private var querySuffix: String {
        var parameters: [String] = []
        if let nfsPort { parameters.append("nfsport=\(nfsPort)") }
        if let mountPort { parameters.append("mountport=\(mountPort)") }
        return parameters.isEmpty ? "" : "?" + parameters.joined(separator: "&")
    }

    /// Why `server` is not a usable host name or address, or nil when it is.
    private static func problem(withServer server: String) -> String? {
        if server.isEmpty { return "the server is missing" }
        if server.utf8.count > 253 { return "the server name is longer than 253 characters" }
        if server.contains(":") {
            let hex = server.unicodeScalars.allSatisfy { $0.properties.isASCIIHexDigit || $0 == ":" || $0 == "." }
            return hex ? nil : "\"\(server)\" is not an IPv6 address"
        }
        let allowed = server.unicodeScalars.allSatisfy {
            ($0.value < 0x80 && ($0.properties.isAlphabetic || ("0"..."9").contains($0))) || $0 == "." || $0 == "-" || $0 == "_"
        }
        guard allowed else { return "\"\(server)\" is not a host name or IP address" }
        if server.hasPrefix("-") || server.hasPrefix(".") || server.hasSuffix("-") {
            return "\"\(server)\" is not a host name or IP address"
        }
        return nil
    }
}
