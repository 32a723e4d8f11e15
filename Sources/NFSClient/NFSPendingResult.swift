import Synchronization

/// The result of work queued on a connection's thread, to be awaited later, by one caller. The work runs
/// whether or not anyone awaits it; a result nobody awaits is dropped with this object.
final class NFSPendingResult<T: Sendable>: Sendable {
    private enum State {
        case running
        case awaited(CheckedContinuation<T, any Error>)
        case finished(Result<T, any Error>)
    }

    private let state = Mutex<State>(.running)

    /// Called once, on the connection's thread, when the work ends.
    func complete(_ result: Result<T, any Error>) {
        let waiter = state.withLock { state -> CheckedContinuation<T, any Error>? in
            defer { state = .finished(result) }
            if case .awaited(let waiter) = state { return waiter }
            return nil
        }
        waiter?.resume(with: result)
    }

    /// Waits for the work to end and returns its result or throws its error. Await it at most once.
    var value: T {
        get async throws {
            try await withCheckedThrowingContinuation { waiter in
                let ready = state.withLock { state -> Result<T, any Error>? in
                    switch state {
                    case .finished(let result):
                        return result
                    case .running:
                        state = .awaited(waiter)
                        return nil
                    case .awaited:
                        preconditionFailure("an NFS result is awaited twice")
                    }
                }
                if let ready { waiter.resume(with: ready) }
            }
        }
    }
}
