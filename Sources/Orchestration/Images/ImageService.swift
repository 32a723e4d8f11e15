import DomainModel
import Foundation
import ImageTransfer
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
    /// Where downloads read images from.
    let imageSource: any ImageSource
    /// `http://host:port` of this server, the base of extract links.
    let publicBaseURL: String
    /// The downloads running in this process.
    let running = RunningDownloads()
    let wake = WakeSignal()
    let stopping = Atomic<Bool>(false)

    init(db: Database, settings: Settings, events: EventRecorder, transport: ImageTransport, endpoint: String, logger: Logger) {
        self.db = db
        self.settings = settings
        self.events = events
        self.logger = logger
        stores = ImageStoreConnector(opener: transport.stores)
        imageSource = transport.source
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

    /// Closes the source's connections and the stores (at server stop).
    func shutdownConnections() async {
        await imageSource.shutdown()
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
