import Logging

extension Logger {
    /// Runs `body` for work whose failure must not stop the caller; a failure is logged at `level` with
    /// what it leaves undone (`consequence`), never dropped silently. Returns nil when `body` threw.
    @discardableResult
    func attempt<T>(_ consequence: @autoclosure () -> String, level: Logger.Level = .warning,
                    _ body: () async throws -> T) async -> T? {
        do {
            return try await body()
        } catch {
            log(level: level, "\(consequence()): \(error)")
            return nil
        }
    }
}

/// Sleeps for `duration`; false when the task was cancelled meanwhile (the loop calling it should end).
func pause(for duration: Duration) async -> Bool {
    do {
        try await Task.sleep(for: duration)
        return true
    } catch {
        return false
    }
}
