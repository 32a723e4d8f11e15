import Foundation
import Synchronization

/// Shows that an asynchronous job is running: a turning bar, the job id, the seconds
/// elapsed and the polls so far, redrawn on one stderr line. Only on a terminal.
final class Spinner: Sendable {
    private let polls = Mutex(0)
    private let terminal: Terminal

    private init(terminal: Terminal) {
        self.terminal = terminal
    }

    /// Runs `body` with a spinner turning beside it, then erases the spinner line, whether `body` returned or
    /// threw. `body` gets nil, and nothing is drawn, when stderr is not a terminal.
    static func showing<T>(jobId: String, terminal: Terminal, isolation: isolated (any Actor)? = #isolation,
                           _ body: (Spinner?) async throws -> T) async throws -> T {
        guard terminal.stderrIsTerminal else { return try await body(nil) }
        let spinner = Spinner(terminal: terminal)
        let result: Result<T, any Error> = await withTaskGroup(of: Void.self) { group in
            group.addTask { await spinner.turn(jobId: jobId) }
            let result: Result<T, any Error>
            do {
                result = .success(try await body(spinner))
            } catch {
                result = .failure(error)
            }
            group.cancelAll()
            await group.waitForAll()
            return result
        }
        terminal.err("\r\u{1B}[2K")
        return try result.get()
    }

    /// Counts a poll (the client's `onPoll`).
    func polled(_ count: Int) {
        polls.withLock { $0 = count }
    }

    /// Redraws the line every 100 ms until cancelled.
    private func turn(jobId: String) async {
        let frames = Array("|/-\\")
        let started = ContinuousClock.now
        var frame = 0
        while !Task.isCancelled {
            let elapsed = (ContinuousClock.now - started).components
            let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
            let polls = polls.withLock { $0 }
            let line = "\(frames[frame % frames.count]) waiting for job \(jobId): \(String(format: "%.1f", seconds)) s, \(polls) poll\(polls == 1 ? "" : "s")"
            terminal.err("\r\u{1B}[2K" + line)
            frame += 1
            try? await Task.sleep(for: .milliseconds(100))
        }
    }
}
