import DomainModel
import Synchronization

/// The downloads this process runs, by template-store reference id: the zone each belongs to, a way to
/// stop one, and who waits for its end. The downloads themselves are child tasks of the
/// `DownloadScheduler`'s task group; this registry only lets other workflows (a deletion) stop them.
final class RunningDownloads: Sendable {
    private struct Entry {
        var zoneId: String
        var stopRequest: AsyncStream<Void>.Continuation?
        var stopRequested = false
        var waiters: [CheckedContinuation<Void, Never>] = []
    }

    private let entries = Mutex<[String: Entry]>([:])

    /// Takes a slot for `ref` when it is not running yet and its zone runs fewer than `limit` downloads.
    func reserve(_ ref: TemplateStoreRef, limit: Int) -> Bool {
        entries.withLock { entries in
            guard entries[ref.id] == nil, entries.values.count(where: { $0.zoneId == ref.zoneId }) < limit else { return false }
            entries[ref.id] = Entry(zoneId: ref.zoneId)
            return true
        }
    }

    /// Runs `work` for a download `reserve` took a slot for, until it ends or `stop` is asked for it (which
    /// cancels it and waits for it to put its state back); then frees the slot.
    func run(_ id: String, _ work: @escaping @Sendable () async -> Void) async {
        let (requests, request) = AsyncStream<Void>.makeStream()
        let stopAtOnce = entries.withLock { entries -> Bool in
            entries[id]?.stopRequest = request
            return entries[id]?.stopRequested ?? true
        }
        if !stopAtOnce {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await work() }
                // Ends when a stop is asked for, or when the group is cancelled after the work ended.
                group.addTask { for await _ in requests {} }
                await group.next()
                group.cancelAll()
            }
        }
        let waiters = entries.withLock { $0.removeValue(forKey: id)?.waiters ?? [] }
        for waiter in waiters { waiter.resume() }
    }

    /// True when a stop was asked for `id` and it has not ended yet.
    func isStopping(_ id: String) -> Bool {
        entries.withLock { $0[id]?.stopRequested ?? false }
    }

    /// Stops the downloads of `ids` that run, and returns when all of them have ended.
    func stop(_ ids: [String]) async {
        for id in ids {
            await withCheckedContinuation { waiter in
                let running = entries.withLock { entries -> Bool in
                    guard entries[id] != nil else { return false }
                    entries[id]!.waiters.append(waiter)
                    entries[id]!.stopRequested = true
                    entries[id]!.stopRequest?.finish()
                    return true
                }
                if !running { waiter.resume() }
            }
        }
    }
}
