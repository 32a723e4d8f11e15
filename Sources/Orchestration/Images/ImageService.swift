import AsyncHTTPClient
import DomainModel
import Foundation
import Logging
import Persistence
import Synchronization

/// Templates and ISOs: registration, the downloads that put them on each zone's image store (run by
/// `DownloadScheduler`), changes, copies between zones, extract links and deletion.
public final class ImageService: Sendable {
    let db: Database
    let settings: Settings
    let events: EventRecorder
    let logger: Logger
    /// Reaches the image stores.
    public let stores: ImageStoreConnector
    /// `http://host:port` of this server, the base of extract links.
    let publicBaseURL: String
    /// The HTTP clients made so far; the last one matches the current idle timeout.
    private let clients = Mutex<(current: (idle: Int, client: HTTPClient)?, retired: [HTTPClient])>((nil, []))
    /// Running downloads by template-store reference id, with their zone.
    let running = Mutex<[String: (zoneId: String, task: Task<Void, Never>)]>([:])
    let wake = WakeSignal()
    let stopping = Atomic<Bool>(false)

    init(db: Database, settings: Settings, events: EventRecorder, endpoint: String, logger: Logger) {
        self.db = db
        self.settings = settings
        self.events = events
        self.logger = logger
        stores = ImageStoreConnector()
        var base = endpoint
        if base.hasSuffix("/") { base.removeLast() }
        if base.hasSuffix("/client/api") { base.removeLast("/client/api".count) }
        publicBaseURL = base
    }

    /// How many live instances use a template or ISO: deployed from it, or with it in their CD-ROM.
    func usage(of templateId: String) async throws -> Int {
        let asTemplate = try await db.read.count(Tables.vmInstance, [.equals(.templateId, templateId), .isNull(.removed)])
        let asISO = try await db.read.count(Tables.vmInstance, [.equals(.isoId, templateId), .notEquals(.templateId, templateId), .isNull(.removed)])
        return asTemplate + asISO
    }

    /// The HTTP client downloads use: it never follows redirects by itself (each hop is checked first) and
    /// fails a download that sends nothing for `secstorage.download.timeout` seconds. A change of that
    /// setting gets a new client; the old one serves the downloads already running until the server stops.
    func httpClient() -> HTTPClient {
        let idle = max(settings.int("secstorage.download.timeout"), 1)
        return clients.withLock { clients in
            if let current = clients.current, current.idle == idle { return current.client }
            if let previous = clients.current { clients.retired.append(previous.client) }
            let configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(15), read: .seconds(Int64(idle))),
                decompression: .disabled)
            let made = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients.current = (idle, made)
            return made
        }
    }

    /// Shuts the HTTP clients down and closes the stores (at server stop).
    func shutdownConnections() async {
        let made = clients.withLock { clients -> [HTTPClient] in
            defer { clients = (nil, []) }
            return clients.retired + (clients.current.map { [$0.client] } ?? [])
        }
        for client in made { try? await client.shutdown() }
        await stores.closeAll()
    }

    // MARK: Lookups

    /// The live template or ISO with `id`, of the right kind.
    public func live(_ id: String, isIso: Bool) async throws -> Template {
        guard let template = try await db.read.find(Tables.template, id: id), template.removed == nil, template.isIso == isIso else {
            throw DomainError.notFound(kind: isIso ? "ISO" : "template", id: id, parameter: "id")
        }
        return template
    }

    /// The references of a template, one per zone.
    public func references(of templateId: String) async throws -> [TemplateStoreRef] {
        try await db.read.all(Tables.templateStoreRef, [.equals(.templateId, templateId)])
    }

    /// The image store a zone keeps new images on: its first writable store.
    func imageStore(inZone zoneId: String, in store: Store) async throws -> ImageStore? {
        try await store.all(Tables.imageStore, [.equals(.zoneId, zoneId), .equals(.readOnly, false)]).first
    }
}

/// Wakes the download scheduler when there may be work; several signals before it looks count as one.
final class WakeSignal: Sendable {
    let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    func signal() { continuation.yield() }
    func finish() { continuation.finish() }
}
