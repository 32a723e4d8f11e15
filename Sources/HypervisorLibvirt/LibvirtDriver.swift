import AsyncCoordination
import CLibvirt
import Foundation
import Hypervisor
import Logging
import NIOPosix
import Synchronization

/// `HypervisorDriver` backed by libvirt (`qemu:///system` on a KVM host, `test:///default` in tests).
///
/// Open one with `LibvirtDriver.open(uri:logger:)`. Every blocking libvirt call runs on a `NIOThreadPool`;
/// lifecycle events arrive through libvirt's default event loop, which runs on its own thread.
public final class LibvirtDriver: HypervisorDriver {
    public let uri: String
    let connection: LibvirtConnection
    let logger: Logger
    let templates: TemplateRenderer
    let eventHub: DomainEventHub
    /// Runs the image copies of `copyImage`.
    let qemuImg: QemuImg
    /// How long `detachDisk` waits for a running guest to release a disk.
    let diskRemovalTimeout: Duration
    /// The KVM probe runs once per driver; concurrent callers share the same run.
    let kvmProbe = SingleFlight<String, Bool>()
    /// The KVM probe's answer, once a probe has given one.
    let kvmProbeResult = Mutex<Bool?>(nil)

    /// A pool shared by every driver in the process, for libvirt calls that block.
    static let sharedThreadPool: NIOThreadPool = {
        let pool = NIOThreadPool(numberOfThreads: 6)
        pool.start()
        return pool
    }()

    private init(uri: String, connection: LibvirtConnection, logger: Logger, templates: TemplateRenderer, eventHub: DomainEventHub,
                 qemuImg: QemuImg, diskRemovalTimeout: Duration) {
        self.uri = uri
        self.connection = connection
        self.logger = logger
        self.templates = templates
        self.eventHub = eventHub
        self.qemuImg = qemuImg
        self.diskRemovalTimeout = diskRemovalTimeout
    }

    /// Connects to libvirt at `uri`, subscribes to domain lifecycle events and enables keepalive.
    /// - Parameters:
    ///   - threadPool: where blocking libvirt calls run; a process-wide pool when nil.
    ///   - templates: the XML templates; the embedded ones (plus `CUMULO_TEMPLATES_DIR` overrides) when nil.
    ///   - qemuImg: runs the image copies of `copyImage` (on this host: libvirt's URI must be a local one).
    ///   - diskRemovalTimeout: how long `detachDisk` waits for a running guest to release a disk (besides the
    ///     few seconds libvirt itself waits).
    public static func open(uri: String, logger: Logger, threadPool: NIOThreadPool? = nil,
                            templates: TemplateRenderer? = nil, qemuImg: QemuImg = QemuImg(),
                            diskRemovalTimeout: Duration = .seconds(10)) async throws -> LibvirtDriver {
        let renderer = try templates ?? TemplateRenderer()
        let connection = try await LibvirtConnection.open(uri: uri, threadPool: threadPool ?? sharedThreadPool)
        let hub = DomainEventHub()
        do {
            try await connection.registerLifecycleEvents(hub)
        } catch {
            await connection.close()
            throw error
        }
        do {
            try await connection.setKeepAlive(interval: 5, count: 3)
        } catch {
            logger.debug("libvirt keepalive not available", metadata: ["uri": "\(uri)", "error": "\(error)"])
        }
        logger.info("connected to libvirt", metadata: ["uri": "\(uri)"])
        return LibvirtDriver(uri: uri, connection: connection, logger: logger, templates: renderer, eventHub: hub,
                             qemuImg: qemuImg, diskRemovalTimeout: diskRemovalTimeout)
    }

    /// Ends every event stream and closes the connection. Calls made afterwards fail with `.connection`.
    public func close() async {
        eventHub.finishAll()
        await connection.close()
    }

    public func events() -> AsyncStream<DomainEvent> {
        eventHub.subscribe()
    }

    deinit {
        eventHub.finishAll()
    }
}
