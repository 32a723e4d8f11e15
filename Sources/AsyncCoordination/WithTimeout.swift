/// Runs `operation` as a child task with a time limit: when `duration` passes first, the operation is
/// cancelled and the error `timeoutError` makes is thrown.
///
/// The call returns only once the operation has ended, so the operation must stop when it is cancelled.
/// Cancelling the caller cancels the operation too.
public func withTimeout<Value: Sendable>(
    _ duration: Duration,
    orThrow timeoutError: @escaping @Sendable () -> any Error,
    _ operation: @escaping @Sendable () async throws -> Value
) async throws -> Value {
    try await withThrowingTaskGroup(of: Value.self) { group in
        group.addTask(operation: operation)
        group.addTask {
            try await Task.sleep(for: duration)
            throw timeoutError()
        }
        defer { group.cancelAll() }
        // Two children: the first to end decides, whether it returned or threw.
        return try await group.next()!
    }
}
