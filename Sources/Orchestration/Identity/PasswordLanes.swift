import Dispatch
import Foundation
import Synchronization

/// Runs password hashing on threads of its own (half the processors, at a lower scheduling priority), so
/// a flood of logins queues here instead of filling Swift's shared cooperative pool, where every other
/// request runs, and never takes all of the CPU. Work beyond `maxWaiting` is turned away at once rather
/// than queued.
final class PasswordLanes: Sendable {
    private let lanes: [DispatchQueue]
    private let next = Atomic<Int>(0)
    private let waiting = Atomic<Int>(0)
    let maxWaiting: Int

    init(count: Int = max(ProcessInfo.processInfo.activeProcessorCount / 2, 1), maxWaiting: Int = 64) {
        lanes = (0..<max(count, 1)).map { DispatchQueue(label: "cumulo.password-lane-\($0)") }
        self.maxWaiting = maxWaiting
    }

    /// Niceness of the hashing threads: other work of the server runs first when both want the CPU.
    static let niceness: Int32 = 10

    /// The result of `work`, run on one of the lanes; nil when too much is already waiting.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T? {
        guard waiting.add(1, ordering: .relaxed).newValue <= maxWaiting else {
            waiting.subtract(1, ordering: .relaxed)
            return nil
        }
        defer { waiting.subtract(1, ordering: .relaxed) }
        let lane = lanes[next.add(1, ordering: .relaxed).oldValue % lanes.count]
        return await withCheckedContinuation { done in
            lane.async {
                Self.lowerPriorityOfThisThread()
                done.resume(returning: work())
            }
        }
    }

    /// On Linux the niceness is a property of each thread, and `setpriority` with id 0 sets the calling
    /// thread's alone.
    private static func lowerPriorityOfThisThread() {
        #if os(Linux)
        if getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) < niceness {
            _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, niceness)
        }
        #endif
    }
}
