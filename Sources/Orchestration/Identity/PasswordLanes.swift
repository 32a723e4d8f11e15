import Dispatch
import Synchronization

/// Runs password hashing on a few threads of its own, so a flood of logins queues here instead of filling
/// Swift's shared cooperative pool, where every other request runs. Work beyond `maxWaiting` is turned
/// away at once rather than queued.
final class PasswordLanes: Sendable {
    private let lanes: [DispatchQueue]
    private let next = Atomic<Int>(0)
    private let waiting = Atomic<Int>(0)
    let maxWaiting: Int

    init(count: Int = 2, maxWaiting: Int = 64) {
        lanes = (0..<max(count, 1)).map { DispatchQueue(label: "cumulo.password-lane-\($0)") }
        self.maxWaiting = maxWaiting
    }

    /// The result of `work`, run on one of the lanes; nil when too much is already waiting.
    func run<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T? {
        guard waiting.add(1, ordering: .relaxed).newValue <= maxWaiting else {
            waiting.subtract(1, ordering: .relaxed)
            return nil
        }
        defer { waiting.subtract(1, ordering: .relaxed) }
        let lane = lanes[next.add(1, ordering: .relaxed).oldValue % lanes.count]
        return await withCheckedContinuation { done in
            lane.async { done.resume(returning: work()) }
        }
    }
}
