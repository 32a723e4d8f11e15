import CNFS
import Synchronization

/// An NFS export reached from user space through libnfs (no kernel NFS client needed). Paths are inside
/// the export ("template/tmpl/2/201/x.qcow2" or "/template/..."). Every libnfs call runs on a dedicated
/// thread of one of the export's connections, never on Swift's cooperative pool. The export mounts on
/// first use; `mount()` does so eagerly to surface errors early. Call `close()` when done.
public final class NFSExport: Sendable {
    public let address: NFSExportAddress
    public let configuration: Configuration
    private let connections: [NFSConnection]
    private let nextConnection = Atomic<Int>(0)

    /// The server as given (without IPv6 brackets).
    public var server: String { address.server }
    /// The normalised export path on the server.
    public var exportPath: String { address.exportPath }
    /// `nfs://server/export`.
    public var url: String { address.url }

    public init(address: NFSExportAddress, configuration: Configuration = Configuration()) {
        self.address = address
        self.configuration = configuration
        self.connections = (0..<max(configuration.connections, 1)).map { _ in
            NFSConnection(address: address, configuration: configuration)
        }
    }

    /// Validates `server` and `exportPath` (throws `NFSError` saying why when they are unusable).
    public convenience init(server: String, exportPath: String, configuration: Configuration = Configuration()) throws {
        self.init(address: try NFSExportAddress(server: server, exportPath: exportPath), configuration: configuration)
    }

    /// Parses `nfs://server/export/path` (see `NFSExportAddress.init(url:)`).
    public convenience init(url: String, configuration: Configuration = Configuration()) throws {
        self.init(address: try NFSExportAddress(url: url), configuration: configuration)
    }

    /// Mounts the export on every connection now; throws when the server cannot be reached or does not
    /// export the path.
    public func mount() async throws {
        for connection in connections {
            try await connection.mount()
        }
    }

    /// Disconnects and frees everything; later calls throw. Open readers and writers stop working.
    public func close() async {
        for connection in connections {
            await connection.close()
        }
    }

    /// `nfs://server/export/<path>` of a file or directory in the export.
    public func url(for path: String) throws -> String {
        try address.url(for: path)
    }

    // MARK: - metadata

    /// Capacity of the file system behind the export.
    public func statvfs() async throws -> NFSFilesystemStats {
        try await connection().run("statvfs", path: "/") { session in
            var stats = nfs_statvfs_64()
            try session.check(nfs_statvfs64(session.context, "/", &stats), "statvfs", path: "/")
            let unit = stats.f_frsize != 0 ? stats.f_frsize : stats.f_bsize
            return NFSFilesystemStats(totalBytes: stats.f_blocks &* unit, freeBytes: stats.f_bfree &* unit,
                                      availableBytes: stats.f_bavail &* unit)
        }
    }

    /// Size, type and modification time of `path`, or nil when it does not exist.
    public func stat(_ path: String) async throws -> NFSFileInfo? {
        let path = try normalize(path, for: "stat")
        return try await connection().run("stat", path: path) { session in try session.stat(path) }
    }

    /// Whether `path` exists.
    public func exists(_ path: String) async throws -> Bool {
        try await stat(path) != nil
    }

    /// The entries of `directory` without "." and "..", sorted by name.
    public func list(_ directory: String = "/") async throws -> [NFSDirectoryEntry] {
        let path = try normalize(directory, for: "list")
        return try await connection().run("list", path: path) { session in try session.list(path) }
    }

    // MARK: - changes

    /// Creates directory `path` and any missing parents (like `mkdir -p`).
    public func mkdirs(_ path: String, permissions: UInt32 = 0o755) async throws {
        let path = try normalize(path, for: "mkdir")
        try await connection().run("mkdir", path: path) { session in
            try session.makeDirectories(path, permissions: permissions)
        }
    }

    /// Deletes file `path`. Returns false when it did not exist.
    @discardableResult
    public func remove(_ path: String) async throws -> Bool {
        let path = try normalize(path, for: "remove")
        return try await connection().run("remove", path: path) { session in try session.unlink(path) }
    }

    /// Deletes `path` and, when it is a directory, everything below it. Returns false when it did not
    /// exist. Refuses the export's root.
    @discardableResult
    public func removeTree(_ path: String) async throws -> Bool {
        let path = try normalize(path, for: "remove tree")
        guard path != "/" else {
            throw NFSError(operation: "remove tree", server: server, exportPath: exportPath, path: path,
                           errno: -EINVAL, message: "refusing to delete the whole export")
        }
        return try await connection().run("remove tree", path: path) { session in try session.removeTree(path) }
    }

    /// Renames (moves) `source` to `destination` within the export, replacing a file there.
    public func rename(_ source: String, to destination: String) async throws {
        let from = try normalize(source, for: "rename")
        let to = try normalize(destination, for: "rename")
        try await connection().run("rename", path: from) { session in
            _ = try session.check(nfs_rename(session.context, from, to), "rename to \(to)", path: from)
        }
    }

    /// Sets the permission bits of `path` (e.g. 0o644).
    public func chmod(_ path: String, permissions: UInt32) async throws {
        let path = try normalize(path, for: "chmod")
        try await connection().run("chmod", path: path) { session in
            _ = try session.check(nfs_chmod(session.context, path, Int32(permissions)), "chmod", path: path)
        }
    }

    /// Proves the export is reachable and writable: creates a probe file in `directory`, writes it,
    /// commits, reads it back, compares and deletes it. Throws `NFSError` naming the failing step.
    public func checkWritable(directory: String = "/") async throws {
        let path = try normalize(directory, for: "check writable")
        try await connection().run("check writable", path: path) { session in
            try session.probeWritable(in: path)
        }
    }

    // MARK: - streams

    /// Opens `path` for streaming writes. `createParents` creates missing directories first.
    public func openForWriting(_ path: String, mode: NFSWriteMode = .replace, permissions: UInt32 = 0o644,
                               createParents: Bool = false) async throws -> NFSFileWriter {
        let path = try normalize(path, for: "open")
        guard path != "/" else { throw notAFile(path) }
        let connection = connection()
        let (handle, start) = try await connection.run("open", path: path) { session -> (NFSFileHandle, UInt64) in
            if createParents {
                try session.makeDirectories(NFSPath.parent(of: path), permissions: 0o755)
            }
            let flags: Int32
            switch mode {
            case .replace: flags = O_WRONLY | O_CREAT | O_TRUNC
            case .createNew: flags = O_WRONLY | O_CREAT | O_EXCL
            case .append: flags = O_WRONLY
            }
            var raw: OpaquePointer?
            try session.check(nfs_open2(session.context, path, flags, Int32(permissions), &raw), "open", path: path)
            guard let raw else {
                throw session.error("open", path: path, errno: -EIO, message: "libnfs returned no file handle")
            }
            let handle = NFSFileHandle(connection: connection, path: path, handle: raw, generation: session.generation)
            var start: UInt64 = 0
            if mode == .append {
                var info = nfs_stat_64()
                try session.check(nfs_fstat64(session.context, raw, &info), "fstat", path: path)
                start = info.nfs_size
            }
            return (handle, start)
        }
        return NFSFileWriter(handle: handle, chunkSize: configuration.writeChunkSize,
                             commitOnClose: configuration.commitOnClose, startOffset: start)
    }

    /// Opens file `path` for streaming reads.
    public func openForReading(_ path: String) async throws -> NFSFileReader {
        let path = try normalize(path, for: "open")
        let connection = connection()
        let (handle, size) = try await connection.run("open", path: path) { session -> (NFSFileHandle, UInt64) in
            var raw: OpaquePointer?
            try session.check(nfs_open(session.context, path, O_RDONLY, &raw), "open", path: path)
            guard let raw else {
                throw session.error("open", path: path, errno: -EIO, message: "libnfs returned no file handle")
            }
            let handle = NFSFileHandle(connection: connection, path: path, handle: raw, generation: session.generation)
            var info = nfs_stat_64()
            try session.check(nfs_fstat64(session.context, raw, &info), "fstat", path: path)
            return (handle, info.nfs_size)
        }
        return NFSFileReader(handle: handle, size: size)
    }

    /// Writes `contents` as file `path` (replacing it), committed to stable storage on return.
    public func writeFile(_ path: String, contents: some Collection<UInt8> & Sendable,
                          permissions: UInt32 = 0o644, createParents: Bool = false) async throws {
        let writer = try await openForWriting(path, mode: .replace, permissions: permissions, createParents: createParents)
        do {
            try await writer.write(contents)
        } catch {
            try? await writer.close()
            throw error
        }
        try await writer.close()
    }

    /// The whole content of file `path`.
    public func readFile(_ path: String) async throws -> [UInt8] {
        let reader = try await openForReading(path)
        var contents: [UInt8] = []
        contents.reserveCapacity(Int(clamping: reader.size))
        do {
            while true {
                let chunk = try await reader.read(max: configuration.readChunkSize)
                if chunk.isEmpty { break }
                contents.append(contentsOf: chunk)
            }
        } catch {
            try? await reader.close()
            throw error
        }
        try await reader.close()
        return contents
    }

    /// Up to `count` bytes of file `path` from `offset` (fewer at the end of the file); e.g. an image header.
    public func read(_ path: String, offset: UInt64 = 0, count: Int) async throws -> [UInt8] {
        let path = try normalize(path, for: "read")
        return try await connection().run("read", path: path) { session in
            var raw: OpaquePointer?
            try session.check(nfs_open(session.context, path, O_RDONLY, &raw), "open", path: path)
            guard let raw else { return [] }
            defer { _ = nfs_close(session.context, raw) }
            var bytes = [UInt8](repeating: 0, count: max(count, 0))
            var done = 0
            try bytes.withUnsafeMutableBytes { buffer in
                while done < buffer.count {
                    let status = nfs_pread(session.context, raw, offset + UInt64(done),
                                           UInt64(buffer.count - done), buffer.baseAddress! + done)
                    try session.check(status, "read", path: path)
                    if status == 0 { break }
                    done += Int(status)
                }
            }
            bytes.removeLast(bytes.count - done)
            return bytes
        }
    }

    // MARK: - helpers

    private func connection() -> NFSConnection {
        if connections.count == 1 { return connections[0] }
        let index = nextConnection.wrappingAdd(1, ordering: .relaxed).oldValue
        return connections[Int(UInt(bitPattern: index) % UInt(connections.count))]
    }

    private func normalize(_ path: String, for operation: String) throws -> String {
        switch NFSPath.normalize(path) {
        case .success(let normalised): return normalised
        case .failure(let problem):
            throw NFSError(operation: operation, server: server, exportPath: exportPath, path: path,
                           errno: -EINVAL, message: problem.reason)
        }
    }

    private func notAFile(_ path: String) -> NFSError {
        NFSError(operation: "open", server: server, exportPath: exportPath, path: path,
                 errno: -EISDIR, message: "the export's root is a directory")
    }
}
