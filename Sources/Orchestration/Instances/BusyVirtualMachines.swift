import Synchronization

/// The VMs a workflow of this process is changing: a second workflow on the same VM is refused, and
/// power-state reports about them are left to the workflow's own outcome.
final class BusyVirtualMachines: Sendable {
    private let ids = Mutex<Set<String>>([])
    /// When each VM's last workflow ended; entries older than a minute are dropped.
    private let ended = Mutex<[String: ContinuousClock.Instant]>([:])

    /// Marks `vmId` busy; false when a workflow already holds it.
    func claim(_ vmId: String) -> Bool {
        ids.withLock { $0.insert(vmId).inserted }
    }

    func release(_ vmId: String) {
        _ = ids.withLock { $0.remove(vmId) }
        let now = ContinuousClock.now
        ended.withLock { ended in
            ended[vmId] = now
            if ended.count > 1024 { ended = ended.filter { now - $0.value < .seconds(60) } }
        }
    }

    /// True when a workflow on `vmId` ended less than `seconds` ago.
    func endedRecently(_ vmId: String, within seconds: Double) -> Bool {
        guard seconds > 0, let at = ended.withLock({ $0[vmId] }) else { return false }
        return ContinuousClock.now - at < .milliseconds(Int64(seconds * 1000))
    }

    func contains(_ vmId: String) -> Bool {
        ids.withLock { $0.contains(vmId) }
    }
}

/// A set of strings shared between tasks.
final class KeySet: Sendable {
    private let keys = Mutex<Set<String>>([])

    func insert(_ key: String) { _ = keys.withLock { $0.insert(key) } }
    func remove(_ key: String) { _ = keys.withLock { $0.remove(key) } }
    func contains(_ key: String) -> Bool { keys.withLock { $0.contains(key) } }
}
