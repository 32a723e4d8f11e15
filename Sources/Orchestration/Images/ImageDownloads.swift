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
}
