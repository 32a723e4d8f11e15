import AgentProtocol
import Hypervisor

/// Resolves where a disk's data is: volumes through primary storage, images from their location string.
struct DiskSourceResolver: Sendable {
    let storage: any PrimaryStorage

    struct UnsupportedLocation: Error, CustomStringConvertible {
        var location: String
        var description: String { "unsupported image location '\(location)': expected an absolute path or nfs://server/path" }
    }

    func location(of source: DiskSource) async throws -> DiskSourceLocation {
        switch source {
        case .volume(let poolId, let name):
            try await storage.diskLocation(poolId: poolId, name: name)
        case .image(let location):
            try Self.imageLocation(location)
        }
    }

    /// `/path` or `file:///path` → a file; `nfs://server/path` → an NFS location.
    static func imageLocation(_ location: String) throws -> DiskSourceLocation {
        if location.hasPrefix("/") {
            return .file(path: location)
        }
        if location.hasPrefix("file:///") {
            return .file(path: String(location.dropFirst("file://".count)))
        }
        if location.hasPrefix("nfs://") {
            let rest = location.dropFirst("nfs://".count)
            guard let slash = rest.firstIndex(of: "/") else { throw UnsupportedLocation(location: location) }
            let server = String(rest[..<slash])
            let path = String(rest[slash...])
            guard !server.isEmpty, path.count > 1 else { throw UnsupportedLocation(location: location) }
            return .nfs(server: server, path: path)
        }
        throw UnsupportedLocation(location: location)
    }

    /// An image location as `qemu-img` opens it: a path, or the `nfs://server/path` URL.
    static func qemuLocation(_ location: String) throws -> String {
        switch try imageLocation(location) {
        case .file(let path): path
        case .nfs(let server, let path): "nfs://\(server)\(path)"
        }
    }

    /// The format of an image judged by its name: qcow2 files say so, everything else is read raw.
    static func imageFormat(_ location: String) -> String {
        location.lowercased().hasSuffix(".qcow2") ? "qcow2" : "raw"
    }
}
