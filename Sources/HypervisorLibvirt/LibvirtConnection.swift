import CLibvirt
import Hypervisor
import NIOPosix
import Synchronization

/// An open libvirt connection (`virConnectPtr`) and the thread pool its blocking calls run on.
///
/// `@unchecked Sendable` is safe here: libvirt connections are thread-safe (every public API call on a
/// `virConnectPtr` takes the connection's own lock, and libvirt documents sharing one connection
/// between threads as supported). The only mutable state, `closed`, sits behind a `Mutex`, and every
/// call takes its own reference on the connection (`virConnectRef`) so `close()` never frees it while
/// a call is still running.
final class LibvirtConnection: @unchecked Sendable {
    let uri: String
    private let pointer: OpaquePointer
    private let threadPool: NIOThreadPool
    private let state = Mutex<(closed: Bool, lifecycleCallback: Int32?)>((closed: false, lifecycleCallback: nil))

    private init(uri: String, pointer: OpaquePointer, threadPool: NIOThreadPool) {
        self.uri = uri
        self.pointer = pointer
        self.threadPool = threadPool
    }

    /// Opens a connection; blocks, so it runs on the pool.
    static func open(uri: String, threadPool: NIOThreadPool) async throws -> LibvirtConnection {
        LibvirtEventLoop.ensureRunning()
        return try await threadPool.runIfActive {
            guard let pointer = virConnectOpen(uri) else {
                throw LibvirtErrorMapping.captureLast("cannot connect to '\(uri)'")
            }
            return LibvirtConnection(uri: uri, pointer: pointer, threadPool: threadPool)
        }
    }

    /// Runs `body` with the connection on a thread-pool thread, never on Swift's cooperative pool.
    /// The whole closure (call, return-value check, error copy, frees) runs synchronously on that one thread.
    @discardableResult
    func run<T: Sendable>(_ body: @escaping @Sendable (OpaquePointer) throws -> T) async throws -> T {
        try await threadPool.runIfActive { [self] in
            let conn = try retain()
            defer { virConnectClose(conn) }
            return try body(conn)
        }
    }

    private func retain() throws -> OpaquePointer {
        try state.withLock { state in
            if state.closed { throw HypervisorError(.connection, "connection to '\(uri)' is closed") }
            if virConnectRef(pointer) < 0 { throw LibvirtErrorMapping.captureLast("cannot use connection") }
            return pointer
        }
    }

    /// Registers the lifecycle callback whose events feed `hub`.
    func registerLifecycleEvents(_ hub: DomainEventHub) async throws {
        let id: Int32 = try await run { conn in
            // libvirt holds this reference until the callback is deregistered, then releases it via the free callback.
            let box = Unmanaged.passRetained(hub).toOpaque()
            var raw = cumulo_error()
            let id = cumulo_register_lifecycle(conn, { _, domain, event, detail, opaque in
                guard let opaque, let domain, let rawName = virDomainGetName(domain) else { return }
                let hub = Unmanaged<DomainEventHub>.fromOpaque(opaque).takeUnretainedValue()
                hub.deliver(domain: String(cString: rawName), event: event, detail: detail)
            }, box, { opaque in
                guard let opaque else { return }
                Unmanaged<DomainEventHub>.fromOpaque(opaque).release()
            }, &raw)
            if id < 0 {
                defer { cumulo_error_clear(&raw) }
                Unmanaged<DomainEventHub>.fromOpaque(box).release()
                throw LibvirtErrorMapping.make(raw, context: "cannot register lifecycle events")
            }
            return id
        }
        state.withLock { $0.lifecycleCallback = id }
    }

    /// Asks libvirt to probe the peer every `interval` seconds and drop it after `count` missed answers.
    func setKeepAlive(interval: Int32, count: UInt32) async throws {
        try await run { conn in
            if virConnectSetKeepAlive(conn, interval, count) < 0 {
                throw LibvirtErrorMapping.captureLast("cannot set keepalive")
            }
        }
    }

    /// Deregisters the event callback and drops the connection's own reference.
    func close() async {
        _ = try? await threadPool.runIfActive { [self] in closeNow() }
    }

    private func closeNow() {
        let callback: Int32?? = state.withLock { state in
            if state.closed { return .none }
            state.closed = true
            return .some(state.lifecycleCallback)
        }
        guard case .some(let id) = callback else { return }
        if let id { _ = virConnectDomainEventDeregisterAny(pointer, id) }
        virConnectClose(pointer)
    }

    deinit {
        closeNow()
    }
}

/// Helpers for the synchronous closures passed to `LibvirtConnection.run`.
enum Libvirt {
    /// Returns `pointer`, or throws the libvirt error copied right after the call that returned nil.
    static func check<P>(_ pointer: P?, _ context: @autoclosure () -> String) throws -> P {
        guard let pointer else { throw LibvirtErrorMapping.captureLast(context()) }
        return pointer
    }

    /// Returns `result`, or throws the libvirt error when it is negative.
    @discardableResult
    static func check(_ result: Int32, _ context: @autoclosure () -> String) throws -> Int32 {
        if result < 0 { throw LibvirtErrorMapping.captureLast(context()) }
        return result
    }

    /// Converts a string libvirt handed over (caller frees) and frees it.
    static func take(_ pointer: UnsafeMutablePointer<CChar>?, _ context: @autoclosure () -> String) throws -> String {
        guard let pointer else { throw LibvirtErrorMapping.captureLast(context()) }
        defer { free(pointer) }
        return String(cString: pointer)
    }

    /// Runs `body` with a domain looked up by name, and frees it afterwards.
    static func withDomain<T>(_ conn: OpaquePointer, _ name: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        let domain = try check(virDomainLookupByName(conn, name), "domain '\(name)'")
        defer { virDomainFree(domain) }
        return try body(domain)
    }

    /// Like `withDomain`, but returns nil when there is no such domain.
    static func withDomainIfExists<T>(_ conn: OpaquePointer, _ name: String, _ body: (OpaquePointer) throws -> T) throws -> T? {
        do {
            return try withDomain(conn, name, body)
        } catch let error as HypervisorError where error.kind == .noDomain {
            return nil
        }
    }

    static func withNetwork<T>(_ conn: OpaquePointer, _ name: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        let network = try check(virNetworkLookupByName(conn, name), "network '\(name)'")
        defer { virNetworkFree(network) }
        return try body(network)
    }

    static func withNetworkIfExists<T>(_ conn: OpaquePointer, _ name: String, _ body: (OpaquePointer) throws -> T) throws -> T? {
        do {
            return try withNetwork(conn, name, body)
        } catch let error as HypervisorError where error.kind == .noNetwork {
            return nil
        }
    }

    static func withPool<T>(_ conn: OpaquePointer, _ name: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        let pool = try check(virStoragePoolLookupByName(conn, name), "storage pool '\(name)'")
        defer { virStoragePoolFree(pool) }
        return try body(pool)
    }

    static func withPoolIfExists<T>(_ conn: OpaquePointer, _ name: String, _ body: (OpaquePointer) throws -> T) throws -> T? {
        do {
            return try withPool(conn, name, body)
        } catch let error as HypervisorError where error.kind == .noPool {
            return nil
        }
    }

    static func withVolume<T>(_ pool: OpaquePointer, _ name: String, poolName: String, _ body: (OpaquePointer) throws -> T) throws -> T {
        let volume = try check(virStorageVolLookupByName(pool, name), "volume '\(name)' in pool '\(poolName)'")
        defer { virStorageVolFree(volume) }
        return try body(volume)
    }

    /// The UUID of a domain as text.
    static func uuidString(of domain: OpaquePointer) throws -> String {
        try withUnsafeTemporaryAllocation(of: CChar.self, capacity: Int(VIR_UUID_STRING_BUFLEN)) { buffer in
            buffer.initialize(repeating: 0)
            try check(virDomainGetUUIDString(domain, buffer.baseAddress), "cannot read domain UUID")
            return String(cString: buffer.baseAddress!)
        }
    }

    /// Formats libvirt's packed version number (major * 1,000,000 + minor * 1,000 + release) as `major.minor.release`.
    static func formatVersion(_ packed: UInt) -> String {
        "\(packed / 1_000_000).\((packed / 1_000) % 1_000).\(packed % 1_000)"
    }
}
