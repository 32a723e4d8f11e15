import DomainModel
import Foundation
import NIOCore
import Persistence

extension ImageService {
    /// After a start: downloads the previous process left in progress start again from the beginning
    /// (their partial files are replaced when the download restarts).
    func requeueInterrupted() async {
        do {
            let stale = try await db.read.all(Tables.templateStoreRef, [.equals(.downloadState, ImageDownloadState.inProgress)])
            for ref in stale {
                _ = try await db.transaction { store in
                    try await store.update(Tables.templateStoreRef, id: ref.id, where: [.equals(.downloadState, .inProgress), .equals(.attempt, ref.attempt)], set: [.set(.downloadState, .notDownloaded), .set(.downloadPercent, 0), .set(.downloadedBytes, 0), .set(.updated, Date())])
                }
            }
            if !stale.isEmpty { logger.notice("\(stale.count) image download(s) cut short by a stop will start again") }
        } catch {
            logger.error("could not requeue interrupted image downloads: \(error)")
        }
    }

    /// Starts queued downloads, at most `secstorage.max.concurrent.downloads` at a time in each zone.
    func dispatchPending() async {
        guard !stopping.load(ordering: .relaxed) else { return }
        let pending: [TemplateStoreRef]
        do {
            pending = try await db.read.all(Tables.templateStoreRef, [.equals(.downloadState, ImageDownloadState.notDownloaded)])
        } catch {
            logger.error("could not read queued image downloads: \(error)")
            return
        }
        let limit = max(1, settings.int("secstorage.max.concurrent.downloads"))
        for ref in pending {
            running.withLock { running in
                guard running[ref.id] == nil else { return }
                guard running.values.filter({ $0.zoneId == ref.zoneId }).count < limit else { return }
                let task = Task {
                    await self.download(ref)
                    _ = self.running.withLock { $0.removeValue(forKey: ref.id) }
                    self.wake.signal()
                }
                running[ref.id] = (ref.zoneId, task)
            }
        }
    }

    /// Cancels running downloads (at stop) and waits up to five seconds for them to put their state back.
    func stopDownloads() async {
        stopping.store(true, ordering: .relaxed)
        wake.finish()
        let tasks = running.withLock { $0.values.map(\.task) }
        for task in tasks { task.cancel() }
        let deadline = ContinuousClock.now + .seconds(5)
        while ContinuousClock.now < deadline, !running.withLock({ $0.isEmpty }) {
            try? await Task.sleep(for: .milliseconds(20))
        }
    }

    /// Cancels the downloads of `refIds` and waits for them to end.
    func cancelDownloads(_ refIds: [String]) async {
        let tasks = running.withLock { running in refIds.compactMap { running[$0]?.task } }
        for task in tasks { task.cancel() }
        for task in tasks { await task.value }
    }

    /// One download: claims the reference, transfers with retries, then records the outcome.
    func download(_ queued: TemplateStoreRef) async {
        let attempt = queued.attempt + 1
        let claimed = (try? await db.transaction { store in
            try await store.update(Tables.templateStoreRef, id: queued.id, where: [.equals(.downloadState, .notDownloaded), .equals(.attempt, queued.attempt)], set: [.set(.downloadState, .inProgress), .set(.attempt, attempt), .set(.downloadPercent, 0), .set(.downloadedBytes, 0), .set(.errorString, nil), .set(.updated, Date())])
        }) ?? false
        guard claimed else { return }
        var ref = queued
        ref.attempt = attempt
        let retries = max(0, settings.int("secstorage.download.retries"))
        var tries = 0
        while true {
            do {
                try await transfer(ref)
                return
            } catch is Abandoned {
                return
            } catch {
                if Task.isCancelled || stopping.load(ordering: .relaxed) {
                    await settle(ref, .notDownloaded, reason: nil)
                    return
                }
                let failure = error as? DownloadFailure ?? .permanent(String(describing: error))
                if failure.isTransient, tries < retries {
                    tries += 1
                    logger.warning("image download \(ref.id) failed (\(failure)); retry \(tries) of \(retries)")
                    try? await Task.sleep(for: .seconds(1 << tries))
                    continue
                }
                await settle(ref, .error, reason: failure.description)
                return
            }
        }
    }

    /// A download whose reference was deleted or taken over stops without writing anything more.
    struct Abandoned: Error {}

    /// Streams the image to a temporary file on the store, checks it, and renames it into place.
    func transfer(_ ref: TemplateStoreRef) async throws {
        guard let template = try await db.read.find(Tables.template, id: ref.templateId), template.removed == nil,
              let imageStore = try await db.read.find(Tables.imageStore, id: ref.storeId) else { throw Abandoned() }
        let access: any ImageStoreAccess
        do {
            access = try stores.access(imageStore)
        } catch {
            throw DownloadFailure.permanent("Image store \(imageStore.name) cannot be used: \(error)")
        }
        let temporary = ImageStoreLayout.temporaryPath(of: template, refId: ref.id)
        let target = ImageStoreLayout.installPath(of: template)
        let checksum = template.checksum.flatMap { try? Checksum(parsing: $0) }
        var digest = ref.sourceStoreId == nil ? checksum.map { StreamingDigest($0.algorithm) } : nil
        var writer: (any ImageFileWriter)?
        var received: Int64 = 0
        var total: Int64?
        var lastSaved = ContinuousClock.now
        do {
            func begin(_ length: Int64?) async throws {
                total = length
                if let length, let free = try? await access.capacity().available, UInt64(length) > free {
                    throw DownloadFailure.storeFull("Image store \(imageStore.name) is full: the \(template.kindName) needs \(length) bytes, \(free) are free")
                }
                writer = try await openWriter(access, temporary)
            }
            func accept(_ buffer: ByteBuffer) async throws {
                digest?.update(buffer)
                try await writer!.write(buffer)
                received += Int64(buffer.readableBytes)
                if ContinuousClock.now - lastSaved >= .seconds(1) {
                    lastSaved = .now
                    try await saveProgress(ref, received: received, total: total)
                }
            }
            if let sourceStoreId = ref.sourceStoreId, let sourcePath = ref.sourcePath {
                guard let source = try await db.read.find(Tables.imageStore, id: sourceStoreId) else {
                    throw DownloadFailure.permanent("The source image store of the copy no longer exists")
                }
                if source.url == imageStore.url, sourcePath == target, let size = try await access.size(of: target) {
                    // Both zones' stores are the same export: the file is there already.
                    let sourceRef = try await db.read.first(Tables.templateStoreRef, [.equals(.templateId, template.id), .equals(.storeId, source.id)])
                    try await finish(ref, template, imageStore, received: Int64(size), virtualSize: sourceRef?.size ?? Int64(size), physical: Int64(size), target: target)
                    return
                }
                let reader = try await stores.access(source).openReader(sourcePath)
                try await begin(Int64(reader.size))
                do {
                    while true {
                        try Task.checkCancellation()
                        let bytes = try await reader.read(max: 4 << 20)
                        if bytes.isEmpty { break }
                        try await accept(ByteBuffer(bytes: bytes))
                    }
                } catch {
                    await reader.close()
                    throw error
                }
                await reader.close()
            } else {
                guard let url = URL(string: template.url) else { throw DownloadFailure.permanent("URL \(template.url) is not valid") }
                let policy: InternalAddressPolicy
                do {
                    policy = try InternalAddressPolicy(setting: settings.string("secstorage.allowed.internal.sites"))
                } catch {
                    throw DownloadFailure.permanent("\(error)")
                }
                let maxBytes = Int64(max(settings.int("max.template.iso.size"), 1)) << 30
                _ = try await Downloader(client: httpClient()).fetch(url, policy: policy, maxBytes: maxBytes, start: { try await begin($0.contentLength) }, sink: accept)
            }
            if writer == nil { writer = try await openWriter(access, temporary) }
            try await closeWriter(writer!)
            writer = nil
            guard received > 0 else { throw DownloadFailure.permanent("The file at \(template.url) is empty") }
            if let checksum, let computed = digest?.finalize(), !checksum.matches(computed) {
                throw DownloadFailure.permanent(checksum.mismatchReason(computed))
            }
            try await saveProgress(ref, received: received, total: received)
            let virtualSize = try await inspect(template, at: temporary, access: access, fileSize: received)
            try await storeCall { try await access.rename(temporary, to: target) }
            let physical = Int64((try? await access.size(of: target)) ?? UInt64(received))
            do {
                try await finish(ref, template, imageStore, received: received, virtualSize: virtualSize, physical: physical, target: target)
            } catch is Abandoned {
                try? await access.remove(target)
                throw Abandoned()
            }
        } catch {
            if let writer { try? await writer.close() }
            try? await access.remove(temporary)
            throw error
        }
    }

    /// Marks a download ready; throws `Abandoned` when the reference was deleted meanwhile.
    func finish(_ ref: TemplateStoreRef, _ template: Template, _ imageStore: ImageStore, received: Int64, virtualSize: Int64, physical: Int64, target: String) async throws {
        let finished = try await db.transaction { store -> Bool in
            let done = try await store.update(Tables.templateStoreRef, id: ref.id, where: [.equals(.downloadState, .inProgress), .equals(.attempt, ref.attempt)], set: [.set(.downloadState, .downloaded), .set(.downloadPercent, 100), .set(.downloadedBytes, received), .set(.size, virtualSize), .set(.physicalSize, physical), .set(.installPath, target), .set(.errorString, nil), .set(.updated, Date())])
            if done {
                try await events.record(
                    template.isIso ? "ISO.DOWNLOAD" : "TEMPLATE.DOWNLOAD", "\(template.kindName) \(template.name) is ready on image store \(imageStore.name)",
                    by: Initiator(userId: nil, accountId: template.accountId, domainId: template.domainId),
                    resourceId: template.id, resourceType: template.isIso ? "Iso" : "Template", in: store)
            }
            return done
        }
        if !finished { throw Abandoned() }
    }

    func openWriter(_ access: any ImageStoreAccess, _ path: String) async throws -> any ImageFileWriter {
        try await storeCall { try await access.openWriter(path) }
    }

    func closeWriter(_ writer: any ImageFileWriter) async throws {
        try await storeCall { try await writer.close() }
    }

    /// Runs a store call, turning its error into a download failure with the store's reason.
    func storeCall<T: Sendable>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch let error as ImageStoreError {
            throw error.isFull ? DownloadFailure.storeFull(error.description) : DownloadFailure.permanent(error.description)
        }
    }

    /// Checks the downloaded file's content against its format; returns the virtual size.
    func inspect(_ template: Template, at path: String, access: any ImageStoreAccess, fileSize: Int64) async throws -> Int64 {
        let head = try await storeCall { try await access.read(path, offset: 0, count: QCOW2Header.probeSize) }
        switch template.format {
        case "QCOW2":
            let header: QCOW2Header
            do {
                header = try QCOW2Header(parsing: head)
            } catch let error as QCOW2Error {
                throw DownloadFailure.permanent("The file is not a usable qcow2 image: \(error)")
            }
            if let refusal = header.refusal { throw DownloadFailure.permanent(refusal) }
            return Int64(clamping: header.virtualSize)
        case "RAW":
            if QCOW2Header.looksLikeQCOW2(head) {
                throw DownloadFailure.permanent("The template was registered as RAW but the file is a qcow2 image; register it with format QCOW2")
            }
            return fileSize
        default:
            return fileSize
        }
    }

    /// Persists progress; throws `Abandoned` when the reference was deleted or another attempt took over.
    func saveProgress(_ ref: TemplateStoreRef, received: Int64, total: Int64?) async throws {
        let percent = total.map { $0 > 0 ? Int(min(received * 100 / $0, 100)) : 0 } ?? 0
        let saved = try await db.transaction { store in
            try await store.update(Tables.templateStoreRef, id: ref.id, where: [.equals(.downloadState, .inProgress), .equals(.attempt, ref.attempt)], set: [.set(.downloadPercent, percent), .set(.downloadedBytes, received), .set(.physicalSize, received), .set(.updated, Date())])
        }
        if !saved { throw Abandoned() }
    }

    /// Ends an attempt: `.error` with the reason, or `.notDownloaded` to start again later.
    func settle(_ ref: TemplateStoreRef, _ state: ImageDownloadState, reason: String?) async {
        do {
            try await db.transaction { store in
                let changed = try await store.update(
                    Tables.templateStoreRef, id: ref.id,
                    where: [.equals(.downloadState, .inProgress), .equals(.attempt, ref.attempt)],
                    set: state == .error
                        ? [.set(.downloadState, state), .set(.errorString, reason), .set(.updated, Date())]
                        : [.set(.downloadState, state), .set(.downloadPercent, 0), .set(.downloadedBytes, 0), .set(.updated, Date())])
                if changed, state == .error, let template = try await store.find(Tables.template, id: ref.templateId) {
                    try await events.record(
                        template.isIso ? "ISO.DOWNLOAD" : "TEMPLATE.DOWNLOAD", "Download of \(template.kindName) \(template.name) failed: \(reason ?? "")",
                        by: Initiator(userId: nil, accountId: template.accountId, domainId: template.domainId),
                        resourceId: template.id, resourceType: template.isIso ? "Iso" : "Template", level: .error, in: store)
                }
            }
            if state == .error { logger.warning("image download \(ref.id) failed: \(reason ?? "")") }
        } catch {
            logger.error("could not record the end of image download \(ref.id): \(error)")
        }
    }
}
