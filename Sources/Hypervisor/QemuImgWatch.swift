import Foundation
import Synchronization

/// One qemu-img child: its exit, waited for without blocking a thread, and the watchdog that kills it when it
/// runs past its time limit or when the caller is cancelled.
final class QemuImgWatch: Sendable {
    private struct Exit {
        var status: Int32?
        var waiter: CheckedContinuation<Int32, Never>?
    }

    private let exit = Mutex(Exit())
    let finished = Atomic<Bool>(false)
    let timedOut = Atomic<Bool>(false)
    let stoppedForCancellation = Atomic<Bool>(false)

    /// Called by the process's termination handler once Foundation has reaped the child.
    func exited(with status: Int32) {
        finished.store(true, ordering: .sequentiallyConsistent)
        let waiter = exit.withLock { exit in
            exit.status = status
            defer { exit.waiter = nil }
            return exit.waiter
        }
        waiter?.resume(returning: status)
    }

    /// The child's exit status, once it has exited. The watchdog runs beside the wait and ends with it.
    func waitForExit(pid: pid_t, limit: Duration) async -> Int32 {
        await withTaskGroup(of: Int32?.self) { group in
            group.addTask { await self.exitStatus() }
            group.addTask {
                await self.stop(pid, after: limit)
                return nil
            }
            var status: Int32 = -1
            for await result in group {
                guard let result else { continue }
                status = result
                group.cancelAll()
            }
            return status
        }
    }

    /// Waits for the exit, cancelled or not: a killed child still has to be reaped.
    private func exitStatus() async -> Int32 {
        await withCheckedContinuation { continuation in
            let status: Int32? = exit.withLock { exit in
                if exit.status == nil { exit.waiter = continuation }
                return exit.status
            }
            if let status { continuation.resume(returning: status) }
        }
    }

    /// Kills the child after `limit`, or when cancelled before the child exited (the caller was cancelled).
    private func stop(_ pid: pid_t, after limit: Duration) async {
        let cancelled: Bool
        do {
            try await Task.sleep(for: limit)
            cancelled = false
        } catch {
            cancelled = true
        }
        // `finished` is set right after Foundation reaps the child, so while it is false the pid still names
        // our child (but for the instant between reaping and the handler).
        guard !finished.load(ordering: .sequentiallyConsistent) else { return }
        if cancelled {
            stoppedForCancellation.store(true, ordering: .sequentiallyConsistent)
        } else {
            timedOut.store(true, ordering: .sequentiallyConsistent)
        }
        kill(pid, SIGKILL)
    }
}
