import CNFS

/// An open libnfs file (`struct nfsfh *`) on one connection; every use runs on that connection's thread.
final class NFSFileHandle: @unchecked Sendable {
    // Why @unchecked Sendable is safe: `rawHandle` and `isOpen` are read and written only inside work items
    // of the connection's single thread (see NFSConnection.run), which serialises every access; `deinit`
    // reads them only once no work item holds the handle. The other stored properties are immutable.
    let connection: NFSConnection
    /// Normalised path inside the export.
    let path: String
    private let generation: Int
    private let rawHandle: UInt
    private var isOpen = true

    init(connection: NFSConnection, path: String, handle: OpaquePointer, generation: Int) {
        self.connection = connection
        self.path = path
        self.rawHandle = UInt(bitPattern: handle)
        self.generation = generation
    }

    deinit {
        if isOpen {
            connection.closeAbandoned(rawHandle: rawHandle, generation: generation)
        }
    }

    /// Writes all of `bytes` at `offset`, issuing pwrite again after short writes.
    func write(_ bytes: [UInt8], at offset: UInt64) async throws {
        try await startWrite(bytes, at: offset).value
    }

    /// Queues the write of `bytes` at `offset` and returns at once; see `NFSConnection.start`.
    func startWrite(_ bytes: [UInt8], at offset: UInt64) -> NFSPendingResult<Void> {
        start("write") { session, handle in
            try bytes.withUnsafeBytes { buffer in
                var done = 0
                while done < buffer.count {
                    let count = UInt64(min(buffer.count - done, Int(Int32.max)))
                    let status = nfs_pwrite(session.context, handle, offset + UInt64(done), count,
                                            buffer.baseAddress! + done)
                    try session.check(status, "write", path: self.path)
                    if status == 0 {
                        throw session.error("write", path: self.path, errno: -EIO,
                                            message: "the server accepted no bytes at offset \(offset + UInt64(done))")
                    }
                    done += Int(status)
                }
            }
        }
    }

    /// Reads up to `count` bytes at `offset`; fewer only at the end of the file.
    func read(at offset: UInt64, count: Int) async throws -> [UInt8] {
        try await startRead(at: offset, count: count).value
    }

    /// Queues a read of up to `count` bytes at `offset` and returns at once; see `NFSConnection.start`.
    func startRead(at offset: UInt64, count: Int) -> NFSPendingResult<[UInt8]> {
        start("read") { session, handle in
            var bytes = [UInt8](repeating: 0, count: count)
            var done = 0
            try bytes.withUnsafeMutableBytes { buffer in
                while done < count {
                    let status = nfs_pread(session.context, handle, offset + UInt64(done),
                                           UInt64(min(count - done, Int(Int32.max))), buffer.baseAddress! + done)
                    try session.check(status, "read", path: self.path)
                    if status == 0 { break }
                    done += Int(status)
                }
            }
            bytes.removeLast(count - done)
            return bytes
        }
    }

    /// Size and times of the open file.
    func stat() async throws -> NFSFileInfo {
        try await run("fstat") { session, handle in
            var info = nfs_stat_64()
            try session.check(nfs_fstat64(session.context, handle, &info), "fstat", path: self.path)
            return NFSFileInfo(info)
        }
    }

    /// Asks the server to put what was written on stable storage (NFS COMMIT).
    func sync() async throws {
        try await run("commit") { session, handle in
            _ = try session.check(nfs_fsync(session.context, handle), "commit", path: self.path)
        }
    }

    /// Closes the file; later calls fail. Closing twice is harmless.
    func close() async throws {
        try await connection.run("close", path: path, generation: generation) { session in
            guard self.isOpen, let handle = OpaquePointer(bitPattern: self.rawHandle) else { return }
            self.isOpen = false
            try session.check(nfs_close(session.context, handle), "close", path: self.path)
        }
    }

    private func run<T: Sendable>(_ operation: String,
                                  _ body: @escaping @Sendable (NFSSession, OpaquePointer) throws -> T) async throws -> T {
        try await connection.run(operation, path: path, generation: generation, onOpenFile(operation, body))
    }

    private func start<T: Sendable>(_ operation: String,
                                    _ body: @escaping @Sendable (NFSSession, OpaquePointer) throws -> T) -> NFSPendingResult<T> {
        connection.start(operation, path: path, generation: generation, onOpenFile(operation, body))
    }

    private func onOpenFile<T>(_ operation: String, _ body: @escaping @Sendable (NFSSession, OpaquePointer) throws -> T)
        -> @Sendable (NFSSession) throws -> T {
        { session in
            guard self.isOpen, let handle = OpaquePointer(bitPattern: self.rawHandle) else {
                throw session.error(operation, path: self.path, errno: -EBADF, message: "the file is closed")
            }
            return try body(session, handle)
        }
    }
}

extension NFSFileInfo {
    init(_ stat: nfs_stat_64) {
        let kind: NFSFileType
        switch UInt32(truncatingIfNeeded: stat.nfs_mode) & UInt32(S_IFMT) {
        case UInt32(S_IFREG): kind = .file
        case UInt32(S_IFDIR): kind = .directory
        case UInt32(S_IFLNK): kind = .symbolicLink
        default: kind = .other
        }
        self.init(type: kind,
                  size: stat.nfs_size,
                  allocatedBytes: stat.nfs_used,
                  permissions: UInt32(truncatingIfNeeded: stat.nfs_mode) & 0o7777,
                  modificationTime: Double(stat.nfs_mtime) + Double(stat.nfs_mtime_nsec) / 1e9)
    }
}
