import DomainModel
import Foundation
import ImageTransfer
import Persistence

extension ImageService {
    /// Bytes asked of the source at a time; store writers send about this much per call.
    static let transferChunkSize = 4 << 20

    /// One attempt at a download: source → temporary file on the store → checks → rename into place.
    func transfer(_ ref: TemplateStoreRef) async throws {
        guard let template = try await db.read.find(Tables.template, id: ref.templateId), template.removed == nil,
              let imageStore = try await db.read.find(Tables.imageStore, id: ref.storeId) else { throw Abandoned() }
        let access: any ImageStoreAccess
        do {
            access = try stores.access(imageStore)
        } catch {
            throw DownloadFailure.permanent("Image store \(imageStore.name) cannot be used: \(error)")
        }
        let target = ImageStoreLayout.installPath(of: template)
        let origin = try await copyOrigin(of: ref)
        if let origin, try await finishSharedCopy(ref, template, imageStore, from: origin, access: access, target: target) { return }
        let temporary = ImageStoreLayout.temporaryPath(of: template, refId: ref.id)
        do {
            let source = try await openSource(ref, template, copyingFrom: origin)
            let written = try await write(source, to: temporary, on: access, ref, template, imageStore)
            let virtualSize = try await verify(written, template, at: temporary, on: access, ref)
            try await storeCall { try await access.rename(temporary, to: target) }
            let measured = await logger.attempt("image \(target) is recorded with the size written, not the size on the store") {
                try await access.size(of: target)
            }
            let physical = Int64((measured ?? nil) ?? UInt64(written.bytes))
            do {
                try await finish(ref, template, imageStore, received: written.bytes, virtualSize: virtualSize, physical: physical, target: target)
            } catch is Abandoned {
                await logger.attempt("the file \(target) of a deleted image stays on image store \(imageStore.name)") {
                    try await access.remove(target)
                }
                throw Abandoned()
            }
        } catch {
            await logger.attempt("the partial file \(temporary) stays on image store \(imageStore.name)") {
                try await access.remove(temporary)
            }
            throw error
        }
    }

    /// The store a copy between zones reads from; nil for a download from the image's URL.
    func copyOrigin(of ref: TemplateStoreRef) async throws -> (store: ImageStore, path: String)? {
        guard let sourceStoreId = ref.sourceStoreId, let sourcePath = ref.sourcePath else { return nil }
        guard let source = try await db.read.find(Tables.imageStore, id: sourceStoreId) else {
            throw DownloadFailure.permanent("The source image store of the copy no longer exists")
        }
        return (source, sourcePath)
    }

    /// When both zones' stores are the same export, the file is there already: marks the copy ready and
    /// returns true.
    func finishSharedCopy(_ ref: TemplateStoreRef, _ template: Template, _ imageStore: ImageStore, from origin: (store: ImageStore, path: String),
                          access: any ImageStoreAccess, target: String) async throws -> Bool {
        guard origin.store.url == imageStore.url, origin.path == target, let size = try await access.size(of: target) else { return false }
        let sourceRef = try await db.read.first(Tables.templateStoreRef, [.equals(.templateId, template.id), .equals(.storeId, origin.store.id)])
        try await finish(ref, template, imageStore, received: Int64(size), virtualSize: sourceRef?.size ?? Int64(size), physical: Int64(size), target: target)
        return true
    }

    /// Where the bytes come from: the other zone's store for a copy, the image's URL otherwise.
    func openSource(_ ref: TemplateStoreRef, _ template: Template, copyingFrom origin: (store: ImageStore, path: String)?) async throws -> any ImageReader {
        if let origin {
            return try await storeCall { try await stores.access(origin.store).openReader(origin.path) }
        }
        guard let url = URL(string: template.url) else { throw DownloadFailure.permanent("URL \(template.url) is not valid") }
        let policy: InternalAddressPolicy
        do {
            policy = try InternalAddressPolicy(setting: settings.string("secstorage.allowed.internal.sites"))
        } catch {
            throw DownloadFailure.permanent("\(error)")
        }
        let rules = ImageFetchRules(
            internalAddresses: policy, maxBytes: Int64(max(settings.int("max.template.iso.size"), 1)) << 30,
            idleTimeout: .seconds(max(settings.int("secstorage.download.timeout"), 1)))
        return try await imageSource.open(url, rules: rules)
    }

    /// What a transfer wrote: its size, and the digest of a download whose template names a checksum.
    struct Written {
        var bytes: Int64
        var digest: String?
    }

    /// Streams `source` into the file `path` on the store, hashing it when the template has a checksum and
    /// saving progress once a second. Closes the source.
    func write(_ source: any ImageReader, to path: String, on access: any ImageStoreAccess,
               _ ref: TemplateStoreRef, _ template: Template, _ imageStore: ImageStore) async throws -> Written {
        do {
            let total = source.expectedSize.map { Int64($0) }
            let free = await logger.attempt("the free space of image store \(imageStore.name) is not checked before a download") {
                try await access.capacity().available
            }
            if let total, let free, UInt64(total) > free {
                throw DownloadFailure.storeFull("Image store \(imageStore.name) is full: the \(template.kindName) needs \(total) bytes, \(free) are free")
            }
            let writer = try await storeCall { try await access.openWriter(path) }
            var digest = ref.sourceStoreId == nil ? try expectedChecksum(of: template).map { StreamingDigest($0.algorithm) } : nil
            var received: Int64 = 0
            var lastSaved = ContinuousClock.now
            var timing = TransferTiming()
            do {
                while true {
                    try Task.checkCancellation()
                    let bytes = try await timing.waitingForSource { try await storeCall { try await source.read(max: Self.transferChunkSize) } }
                    if bytes.isEmpty { break }
                    digest?.update(bytes)
                    try await timing.waitingForStore { try await storeCall { try await writer.write(bytes) } }
                    received += Int64(bytes.count)
                    if ContinuousClock.now - lastSaved >= .seconds(1) {
                        lastSaved = .now
                        try await saveProgress(ref, received: received, total: total)
                    }
                }
                try await timing.waitingForStore { try await storeCall { try await writer.close() } }
            } catch {
                await logger.attempt("a writer on image store \(imageStore.name) is left open after a failed download") {
                    try await writer.close()
                }
                throw error
            }
            await source.close()
            logger.debug("image download \(ref.id): \(received) bytes \(timing)")
            return Written(bytes: received, digest: digest?.finalize())
        } catch {
            await source.close()
            throw error
        }
    }

    /// Runs a store call, turning its error into a download failure with the store's reason.
    func storeCall<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ImageStoreError {
            throw DownloadFailure(error)
        }
    }
}

/// Where a transfer's time went, for the debug log: waiting for its source, and for its store (writes and the
/// final close, which commits the file).
struct TransferTiming: CustomStringConvertible {
    let started = ContinuousClock.now
    private(set) var source = Duration.zero
    private(set) var store = Duration.zero

    mutating func waitingForSource<T>(_ body: () async throws -> T) async rethrows -> T {
        let mark = ContinuousClock.now
        defer { source += ContinuousClock.now - mark }
        return try await body()
    }

    mutating func waitingForStore<T>(_ body: () async throws -> T) async rethrows -> T {
        let mark = ContinuousClock.now
        defer { store += ContinuousClock.now - mark }
        return try await body()
    }

    var description: String {
        "in \(ContinuousClock.now - started), of which waiting for the source \(source), for the store \(store)"
    }
}
