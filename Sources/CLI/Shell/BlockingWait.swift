import Dispatch
import Synchronization

/// Runs async work from a thread outside Swift's cooperative pool (the line editor's queue,
/// inside a libedit callback) and blocks that thread until the work ends or time runs out.
enum BlockingWait {
    /// Holds the result between the task that produces it and the waiting thread.
    final class Slot<T: Sendable>: Sendable {
        let value = Mutex<T?>(nil)
    }

    static func run<T: Sendable>(timeout seconds: Double, _ work: @escaping @Sendable () async -> T) -> T? {
        let done = DispatchSemaphore(value: 0)
        let slot = Slot<T>()
        let task = Task {
            let result = await work()
            slot.value.withLock { $0 = result }
            done.signal()
        }
        guard done.wait(timeout: .now() + seconds) == .success else {
            task.cancel()
            return nil
        }
        return slot.value.withLock { $0 }
    }
}
