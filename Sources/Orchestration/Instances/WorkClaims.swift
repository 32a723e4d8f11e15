import DomainModel
import Synchronization

/// The VMs (or volumes) a workflow of this process is changing: a second workflow on the same one is
/// refused, and power-state reports about a VM are left to the workflow's own outcome. One set for VMs is
/// shared by every service that changes VMs, so a volume attach and a VM stop never interleave.
final class WorkClaims: Sendable {
    private let ids = Mutex<Set<String>>([])
    /// When each one's last workflow ended; entries older than a minute are dropped.
    private let ended = Mutex<[String: ContinuousClock.Instant]>([:])

    /// Marks `id` busy; false when a workflow already holds it.
    func claim(_ id: String) -> Bool {
        ids.withLock { $0.insert(id).inserted }
    }

    func release(_ id: String) {
        _ = ids.withLock { $0.remove(id) }
        let now = ContinuousClock.now
        ended.withLock { ended in
            ended[id] = now
            if ended.count > 1024 { ended = ended.filter { now - $0.value < .seconds(60) } }
        }
    }

    /// True when a workflow on `id` ended less than `seconds` ago.
    func endedRecently(_ id: String, within seconds: Double) -> Bool {
        guard seconds > 0, let at = ended.withLock({ $0[id] }) else { return false }
        return ContinuousClock.now - at < .milliseconds(Int64(seconds * 1000))
    }

    func contains(_ id: String) -> Bool {
        ids.withLock { $0.contains(id) }
    }

    /// Runs `body` while `id` is claimed; refused with "Another operation on `what` is in progress" when a
    /// workflow already holds it.
    func exclusively<T: Sendable>(_ id: String, what: String, _ body: () async throws -> T) async throws -> T {
        guard claim(id) else {
            throw DomainError.invalidState("Another operation on \(what) is in progress; try again when it has finished")
        }
        defer { release(id) }
        return try await body()
    }
}

/// A set of strings shared between tasks.
final class KeySet: Sendable {
    private let keys = Mutex<Set<String>>([])

    func insert(_ key: String) { _ = keys.withLock { $0.insert(key) } }
    func remove(_ key: String) { _ = keys.withLock { $0.remove(key) } }
    func contains(_ key: String) -> Bool { keys.withLock { $0.contains(key) } }
}
