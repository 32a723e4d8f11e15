import CNFS
import NIOPosix

/// One libnfs context mounted on an export, used only from its own single-thread pool: libnfs contexts
/// are not thread-safe, so every call on the context is a work item of that one thread and calls on the
/// same context never overlap. The context is mounted on first use and mounted afresh after the
/// connection to the server broke.
final class NFSConnection: @unchecked Sendable {
    // Why @unchecked Sendable is safe: the mutable state (`context`, `generation`, `closed`) and the libnfs
    // context it points to are read and written only inside work items of `thread`, a NIOThreadPool with
    // exactly one thread, so all accesses are serialised; `deinit` touches them only once no work item can
    // hold the connection any more. Every other stored property is an immutable Sendable value.
    let address: NFSExportAddress
    let configuration: NFSExport.Configuration
    private let thread: NIOThreadPool
    private var context: OpaquePointer?
    /// Counts the contexts created; a file handle is valid only on the context it was opened with.
    private var generation = 0
    private var closed = false

    init(address: NFSExportAddress, configuration: NFSExport.Configuration) {
        self.address = address
        self.configuration = configuration
        self.thread = NIOThreadPool(numberOfThreads: 1)
        self.thread.start()
    }

    deinit {
        if let context {
            nfs_destroy_context(context)
        }
        thread.shutdownGracefully { _ in }
    }

    /// Runs `body` on the connection's thread with a mounted context (mounting first when needed).
    /// When `body` fails because the connection to the server broke, the context is dropped so the
    /// next call mounts again.
    func run<T: Sendable>(_ operation: String, path: String = "",
                          _ body: @escaping @Sendable (NFSSession) throws -> T) async throws -> T {
        do {
            return try await thread.runIfActive { [self] in
                try self.perform(operation, path: path, body)
            }
        } catch is CancellationError where !Task.isCancelled {
            // A stopped pool turns work items away as cancelled: the connection was closed.
            throw closedError(operation: operation, path: path)
        }
    }

    /// Like `run`, for work on an already open file: fails when the context the file was opened
    /// with is gone (closed, or replaced after the connection broke).
    func run<T: Sendable>(_ operation: String, path: String, generation expected: Int,
                          _ body: @escaping @Sendable (NFSSession) throws -> T) async throws -> T {
        try await run(operation, path: path, Self.onGeneration(expected, operation, path: path, body))
    }

    /// Queues work on an already open file on the connection's thread and returns at once; the result is
    /// awaited later through the returned `NFSPendingResult`. Work items run in the order they were queued.
    /// This is how a reader fetches ahead and a writer keeps a chunk in flight, with no task of their own.
    func start<T: Sendable>(_ operation: String, path: String, generation expected: Int,
                            _ body: @escaping @Sendable (NFSSession) throws -> T) -> NFSPendingResult<T> {
        let pending = NFSPendingResult<T>()
        let work = Self.onGeneration(expected, operation, path: path, body)
        thread.submit { [self] state in
            guard case .active = state else {
                pending.complete(.failure(self.closedError(operation: operation, path: path)))
                return
            }
            pending.complete(Result { try self.perform(operation, path: path, work) })
        }
        return pending
    }

    private static func onGeneration<T>(_ expected: Int, _ operation: String, path: String,
                                        _ body: @escaping @Sendable (NFSSession) throws -> T) -> @Sendable (NFSSession) throws -> T {
        { session in
            guard session.generation == expected else {
                throw session.error(operation, path: path, errno: -ESTALE,
                                    message: "the file was opened before the connection to the server was lost; open it again")
            }
            return try body(session)
        }
    }

    /// Mounts the export now if it is not mounted yet.
    func mount() async throws {
        try await run("mount") { _ in () }
    }

    /// Closes the file `rawHandle` opened with context `generation`, without waiting; used when a
    /// file is abandoned without being closed.
    func closeAbandoned(rawHandle: UInt, generation expected: Int) {
        thread.submit { [self] state in
            guard case .active = state, !self.closed, self.generation == expected, let context = self.context,
                  let handle = OpaquePointer(bitPattern: rawHandle) else { return }
            _ = nfs_close(context, handle)
        }
    }

    /// Frees the context (closing its connection) and stops the thread. Later calls fail with "closed".
    /// No MOUNT UMNT call is sent: it is advisory, and waiting for a server that is gone would only delay this.
    func close() async {
        _ = try? await thread.runIfActive { [self] in
            self.closed = true
            if let context = self.context {
                nfs_destroy_context(context)
                self.context = nil
            }
        }
        try? await thread.shutdownGracefully()
    }

    // MARK: - on the connection's thread

    /// Runs `body` with a mounted context; when it fails because the connection to the server broke, the
    /// context is dropped so the next call mounts again.
    private func perform<T>(_ operation: String, path: String, _ body: (NFSSession) throws -> T) throws -> T {
        let session = try mountedSession(operation: operation, path: path)
        do {
            return try body(session)
        } catch let error as NFSError {
            if NFSConnection.meansBrokenConnection(error.errno) {
                dropContext()
            }
            throw error
        }
    }

    private func mountedSession(operation: String, path: String) throws -> NFSSession {
        if closed { throw closedError(operation: operation, path: path) }
        if let context {
            return NFSSession(context: context, address: address, generation: generation)
        }
        guard let context = nfs_init_context() else {
            throw NFSError(operation: "mount", server: address.server, exportPath: address.exportPath,
                           errno: -ENOMEM, message: "libnfs could not create a context")
        }
        let session = NFSSession(context: context, address: address, generation: generation + 1)
        do {
            try configure(session)
            let status = nfs_mount(context, address.server, address.exportPath)
            if status < 0 {
                let detail = session.error("mount", path: "", errno: status, message: nil)
                throw NFSError(operation: "mount", server: address.server, exportPath: address.exportPath,
                               errno: status, message: NFSConnection.explainMountFailure(detail, address: address))
            }
        } catch {
            nfs_destroy_context(context)
            throw error
        }
        self.context = context
        generation += 1
        return session
    }

    private func configure(_ session: NFSSession) throws {
        let context = session.context
        if address.nfsPort != nil || address.mountPort != nil {
            // libnfs 4.0 takes fixed ports only as URL parameters; parsing a URL applies them to the context.
            guard let parsed = nfs_parse_url_dir(context, address.url) else {
                throw session.error("mount", path: "", errno: -EINVAL, message: nil)
            }
            nfs_destroy_url(parsed)
        }
        if let seconds = configuration.timeoutSeconds, seconds > 0 {
            nfs_set_timeout(context, Int32(clamping: seconds * 1000))
        }
        nfs_set_autoreconnect(context, Int32(clamping: configuration.reconnectAttempts))
        // Other clients (and other connections of this export) change directories too: never trust a cache.
        nfs_set_dircache(context, 0)
        if configuration.readaheadBytes > 0 {
            nfs_set_readahead(context, UInt32(clamping: configuration.readaheadBytes))
        }
    }

    private func dropContext() {
        if let context {
            nfs_destroy_context(context)
            self.context = nil
        }
    }

    private func closedError(operation: String, path: String) -> NFSError {
        NFSError(operation: operation, server: address.server, exportPath: address.exportPath, path: path,
                 errno: -EBADF, message: "the export was closed")
    }

    /// libnfs's mount errors name RPC internals; say what they mean for the export.
    private static func explainMountFailure(_ error: NFSError, address: NFSExportAddress) -> String {
        let ports = [address.nfsPort.map { "NFS port \($0)" }, address.mountPort.map { "MOUNT port \($0)" }]
            .compactMap { $0 }
        let via = ports.isEmpty ? "its portmapper (port 111)" : ports.joined(separator: " and ")
        switch error.errno {
        case -EACCES, -EPERM, -ENOENT:
            return "the server does not export \(address.exportPath) to this host, or the path does not exist (\(error.message))"
        case -EIO, -EINTR, -ECONNREFUSED, -ECONNRESET, -ETIMEDOUT, -EHOSTUNREACH, -ENETUNREACH, -ENOTCONN:
            return "cannot reach the NFS server \(address.server) via \(via); is it running? (\(error.message))"
        default:
            return error.message
        }
    }

    /// Errors after which the context cannot be trusted and a fresh mount is the way forward.
    private static func meansBrokenConnection(_ errno: Int32) -> Bool {
        [-ENOTCONN, -ECONNRESET, -ECONNREFUSED, -ECONNABORTED, -EPIPE, -ETIMEDOUT, -EHOSTUNREACH, -ENETUNREACH, -EIO]
            .contains(errno)
    }
}

/// A mounted libnfs context handed to work running on its connection's thread; never escapes it.
struct NFSSession {
    let context: OpaquePointer
    let address: NFSExportAddress
    let generation: Int

    /// The error for a failed libnfs call, with libnfs's explanation read now (on the same thread,
    /// before any other call on the context can replace it).
    func error(_ operation: String, path: String, errno: Int32, message: String?) -> NFSError {
        var text = message ?? ""
        if text.isEmpty, let detail = nfs_get_error(context) {
            text = String(cString: detail)
        }
        if text.isEmpty {
            text = strerror(-errno).map { String(cString: $0) } ?? "unknown error"
        }
        return NFSError(operation: operation, server: address.server, exportPath: address.exportPath,
                        path: path, errno: errno, message: text)
    }

    /// Throws the error for `status` when it is negative; returns it otherwise.
    @discardableResult
    func check(_ status: Int32, _ operation: String, path: String) throws -> Int32 {
        if status < 0 { throw error(operation, path: path, errno: status, message: nil) }
        return status
    }
}
