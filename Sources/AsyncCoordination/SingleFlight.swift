import Synchronization

/// Runs one operation per key at a time and shares its outcome: the first caller for a key runs the operation
/// in its own task, and callers that arrive while it runs wait for that run's result or error instead of
/// starting their own.
///
/// A waiter that is cancelled stops waiting and throws `CancellationError`; the run goes on for the others.
/// When the caller that runs the operation is cancelled and the operation fails, the waiters do not take that
/// failure as theirs: they start over, and one of them runs the operation anew. Nothing is cached: a caller
/// that comes after a run has ended starts a new one.
public final class SingleFlight<Key: Hashable & Sendable, Value: Sendable>: Sendable {
    /// What a waiter is woken with.
    private enum Outcome: Sendable {
        case finished(Result<Value, any Error>)
        case startOver
        case cancelled
    }

    private struct State {
        /// The waiters of each run under way, by waiter number; a key is present while its run is.
        var runs: [Key: [Int: CheckedContinuation<Outcome, Never>]] = [:]
        var nextWaiter = 0
    }

    private let state = Mutex(State())

    public init() {}

    /// Runs `operation` for `key`, or waits for the run already under way for `key` and returns its outcome.
    public func run(_ key: Key, isolation: isolated (any Actor)? = #isolation,
                    _ operation: () async throws -> Value) async throws -> Value {
        while true {
            let waiter: Int? = state.withLock { state in
                guard state.runs[key] != nil else {
                    state.runs[key] = [:]
                    return nil
                }
                defer { state.nextWaiter += 1 }
                return state.nextWaiter
            }
            guard let waiter else { break }
            switch await wait(for: key, as: waiter) {
            case .finished(let result): return try result.get()
            case .cancelled: throw CancellationError()
            case .startOver: try Task.checkCancellation()
            }
        }
        let result: Result<Value, any Error>
        do {
            result = .success(try await operation())
        } catch {
            result = .failure(error)
        }
        let outcome: Outcome = if case .failure = result, Task.isCancelled { .startOver } else { .finished(result) }
        let waiters = state.withLock { $0.runs.removeValue(forKey: key) ?? [:] }
        for continuation in waiters.values {
            continuation.resume(returning: outcome)
        }
        return try result.get()
    }

    /// Callers waiting on the run of `key` now.
    public func waiterCount(_ key: Key) -> Int {
        state.withLock { $0.runs[key]?.count ?? 0 }
    }

    private func wait(for key: Key, as waiter: Int) async -> Outcome {
        await withTaskCancellationHandler {
            await withCheckedContinuation { continuation in
                let early: Outcome? = state.withLock { state in
                    // The run may have ended since this caller found it.
                    guard state.runs[key] != nil else { return .startOver }
                    // Cancelled before the handler below had a waiter to remove.
                    if Task.isCancelled { return .cancelled }
                    state.runs[key]?[waiter] = continuation
                    return nil
                }
                if let early { continuation.resume(returning: early) }
            }
        } onCancel: {
            let continuation = state.withLock { $0.runs[key]?.removeValue(forKey: waiter) }
            continuation?.resume(returning: .cancelled)
        }
    }
}
