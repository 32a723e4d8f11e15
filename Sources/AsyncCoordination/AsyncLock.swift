import Synchronization

/// A lock for async code: one caller at a time runs its work, the others wait their turn in arrival order
/// without blocking a thread. A caller cancelled while it waits leaves the queue and throws `CancellationError`.
public final class AsyncLock: Sendable {
    private struct State {
        var held = false
        var waiters: [(number: Int, continuation: CheckedContinuation<Void, any Error>)] = []
        var nextWaiter = 0
    }

    private enum Turn {
        case taken, queued, cancelled
    }

    private let state = Mutex(State())

    public init() {}

    /// Waits for the lock, runs `body` holding it, and hands it on.
    public func withLock<T>(isolation: isolated (any Actor)? = #isolation, _ body: () async throws -> T) async throws -> T {
        try await acquire()
        defer { release() }
        return try await body()
    }

    private func acquire() async throws {
        let waiter: Int? = state.withLock { state in
            guard state.held else {
                state.held = true
                return nil
            }
            defer { state.nextWaiter += 1 }
            return state.nextWaiter
        }
        guard let waiter else { return }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let turn: Turn = state.withLock { state in
                    // Released since this caller found it held.
                    if !state.held {
                        state.held = true
                        return .taken
                    }
                    if Task.isCancelled { return .cancelled }
                    state.waiters.append((waiter, continuation))
                    return .queued
                }
                switch turn {
                case .taken: continuation.resume()
                case .cancelled: continuation.resume(throwing: CancellationError())
                case .queued: break
                }
            }
        } onCancel: {
            let continuation = state.withLock { state in
                state.waiters.firstIndex { $0.number == waiter }.map { state.waiters.remove(at: $0).continuation }
            }
            continuation?.resume(throwing: CancellationError())
        }
    }

    /// Callers waiting for the lock now.
    public var waiterCount: Int {
        state.withLock { $0.waiters.count }
    }

    /// Hands the lock to the longest waiter, or frees it.
    private func release() {
        let next = state.withLock { state -> CheckedContinuation<Void, any Error>? in
            guard !state.waiters.isEmpty else {
                state.held = false
                return nil
            }
            return state.waiters.removeFirst().continuation
        }
        next?.resume()
    }
}
