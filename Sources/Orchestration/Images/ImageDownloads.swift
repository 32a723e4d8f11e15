import DomainModel
import Foundation
import ImageTransfer
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

    /// Queued downloads that may start now, at most `secstorage.max.concurrent.downloads` at a time in each
    /// zone; each has a slot in `running` and must be passed to `runDownload`.
    func startableDownloads() async -> [TemplateStoreRef] {
        guard !stopping.load(ordering: .relaxed) else { return [] }
        let pending = await logger.attempt("queued image downloads wait for the next look", level: .error) {
            try await db.read.all(Tables.templateStoreRef, [.equals(.downloadState, ImageDownloadState.notDownloaded)])
        } ?? []
        let limit = max(1, settings.int("secstorage.max.concurrent.downloads"))
        return pending.filter { running.reserve($0, limit: limit) }
    }

    /// Runs one download `startableDownloads` gave a slot, then looks for the next.
    func runDownload(_ ref: TemplateStoreRef) async {
        await running.run(ref.id) { await self.download(ref) }
        wake.signal()
    }

    /// Cancels the downloads of `refIds` and waits for them to end.
    func cancelDownloads(_ refIds: [String]) async {
        await running.stop(refIds)
    }

    /// One download: claims the reference, transfers with retries, then records the outcome.
    func download(_ queued: TemplateStoreRef) async {
        let attempt = queued.attempt + 1
        let claimed = await logger.attempt("image download \(queued.id) waits for the next look", level: .error) {
            try await db.transaction { store in
                try await store.update(Tables.templateStoreRef, id: queued.id, where: [.equals(.downloadState, .notDownloaded), .equals(.attempt, queued.attempt)], set: [.set(.downloadState, .inProgress), .set(.attempt, attempt), .set(.downloadPercent, 0), .set(.downloadedBytes, 0), .set(.errorString, nil), .set(.updated, Date())])
            }
        }
        guard claimed == true else { return }
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
                    if await pause(for: .seconds(1 << tries)) { continue }
                    await settle(ref, .notDownloaded, reason: nil)
                    return
                }
                await settle(ref, .error, reason: failure.description)
                return
            }
        }
    }

    /// A download whose reference was deleted or taken over stops without writing anything more.
    struct Abandoned: Error {}
}
