import Synchronization

/// The VMs a workflow of this process is changing: a second workflow on the same VM is refused, and
/// power-state reports about them are left to the workflow's own outcome.
final class BusyVirtualMachines: Sendable {
    private let ids = Mutex<Set<String>>([])

    /// Marks `vmId` busy; false when a workflow already holds it.
    func claim(_ vmId: String) -> Bool {
        ids.withLock { $0.insert(vmId).inserted }
    }

    func release(_ vmId: String) {
        _ = ids.withLock { $0.remove(vmId) }
    }

    func contains(_ vmId: String) -> Bool {
        ids.withLock { $0.contains(vmId) }
    }
}
