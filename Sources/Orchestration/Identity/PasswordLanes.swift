import Foundation
import Synchronization

/// Runs password hashing on threads of its own (half the processors, at a lower scheduling priority), so
/// a flood of logins queues here instead of filling Swift's shared cooperative pool, where every other
/// request runs, and never takes all of the CPU. Work beyond `maxWaiting` is turned away at once rather
/// than queued. The threads are the lanes' alone: their lowered priority never carries over to other work.
final class PasswordLanes: Sendable {
    private let lanes: [PasswordLane]
    private let next = Atomic<Int>(0)
    private let waiting = Atomic<Int>(0)
    let maxWaiting: Int

    init(count: Int = max(ProcessInfo.processInfo.activeProcessorCount / 2, 1), maxWaiting: Int = 64) {
        lanes = (0..<max(count, 1)).map { PasswordLane(name: "cumulo-pw-\($0)") }
        self.maxWaiting = maxWaiting
    }

    /// Work waiting or running on the lanes now.
    var waitingCount: Int { waiting.load(ordering: .relaxed) }

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
            lane.submit { done.resume(returning: work()) }
        }
    }
}

/// One hashing thread and the work queued for it; the thread ends when the lane is released.
final class PasswordLane: Sendable {
    /// What the thread and the lane share: the queue, and whether the lane is gone.
    private final class Inbox: Sendable {
        let items = Mutex<(work: [@Sendable () -> Void], closed: Bool)>(([], false))
        let ready = DispatchSemaphore(value: 0)

        /// The next piece of work, waiting for one; nil once the lane is released.
        func take() -> (@Sendable () -> Void)? {
            while true {
                ready.wait()
                let next = items.withLock { items -> (work: (@Sendable () -> Void)?, closed: Bool) in
                    items.work.isEmpty ? (nil, items.closed) : (items.work.removeFirst(), false)
                }
                if let work = next.work { return work }
                if next.closed { return nil }
            }
        }
    }

    private let inbox = Inbox()

    init(name: String) {
        let inbox = inbox
        let thread = Thread {
            Thread.current.name = name
            PasswordLane.lowerPriorityOfThisThread()
            while let work = inbox.take() { work() }
        }
        thread.start()
    }

    deinit {
        inbox.items.withLock { $0.closed = true }
        inbox.ready.signal()
    }

    func submit(_ work: @escaping @Sendable () -> Void) {
        inbox.items.withLock { $0.work.append(work) }
        inbox.ready.signal()
    }

    /// On Linux the niceness is a property of each thread, and `setpriority` with id 0 sets the calling
    /// thread's alone.
    fileprivate static func lowerPriorityOfThisThread() {
        #if os(Linux)
        _ = setpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0, PasswordLanes.niceness)
        #endif
    }
}
