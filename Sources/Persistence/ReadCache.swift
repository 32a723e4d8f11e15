import Foundation
import Synchronization

/// Results of recent reads, valid until the next write transaction commits.
/// Every write goes through `Database.transaction`, which advances the
/// generation on commit; an entry is only served while its generation is
/// current, so a read never returns data older than the last commit this
/// process made. (Several management servers sharing one database would need
/// a shared change counter; until then the cache is per process.)
final class ReadCache: Sendable {
    private struct State {
        var generation: UInt64 = 0
        var entries: [String: (generation: UInt64, value: any Sendable)] = [:]
        /// Rows held by all entries together.
        var rows = 0
    }

    private let state = Mutex(State())
    /// The most rows kept at once; past it the cache starts over, so memory stays bounded.
    private let capacity: Int

    init(capacity: Int = 50_000) {
        self.capacity = capacity
    }

    var generation: UInt64 { state.withLock { $0.generation } }

    /// Called after a write commits: every cached result may now be stale.
    func invalidate() {
        state.withLock { s in
            s.generation &+= 1
            s.entries.removeAll(keepingCapacity: true)
            s.rows = 0
        }
    }

    func value(for key: String, generation: UInt64) -> (any Sendable)? {
        state.withLock { s in
            guard s.generation == generation, let entry = s.entries[key], entry.generation == generation else { return nil }
            return entry.value
        }
    }

    /// Keeps a result of `rows` rows read at `generation`; dropped if a write committed meanwhile.
    func store(_ value: any Sendable, rows: Int, for key: String, generation: UInt64) {
        guard rows <= capacity / 10 else { return }
        state.withLock { s in
            guard s.generation == generation else { return }
            if s.rows + rows > capacity {
                s.entries.removeAll(keepingCapacity: true)
                s.rows = 0
            }
            s.entries[key] = (generation, value)
            s.rows += max(rows, 1)
        }
    }
}
