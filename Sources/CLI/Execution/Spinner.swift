import Foundation
import Synchronization

/// Shows that an asynchronous job is running: a turning bar, the job id, the seconds
/// elapsed and the polls so far, redrawn on one stderr line. Only on a terminal.
final class Spinner: Sendable {
    private let polls = Mutex(0)
    private let task: Mutex<Task<Void, Never>?> = Mutex(nil)
    private let terminal: Terminal

    private init(terminal: Terminal) {
        self.terminal = terminal
    }

    /// A running spinner, or nil when stderr is not a terminal.
    static func start(jobId: String, terminal: Terminal) -> Spinner? {
        guard terminal.stderrIsTerminal else { return nil }
        let spinner = Spinner(terminal: terminal)
        let frames = Array("|/-\\")
        let started = ContinuousClock.now
        spinner.task.withLock {
            $0 = Task { [spinner] in
                var frame = 0
                while !Task.isCancelled {
                    let elapsed = (ContinuousClock.now - started).components
                    let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) / 1e18
                    let polls = spinner.polls.withLock { $0 }
                    let line = "\(frames[frame % frames.count]) waiting for job \(jobId): \(String(format: "%.1f", seconds)) s, \(polls) poll\(polls == 1 ? "" : "s")"
                    terminal.err("\r\u{1B}[2K" + line)
                    frame += 1
                    try? await Task.sleep(for: .milliseconds(100))
                }
            }
        }
        return spinner
    }

    /// Counts a poll (the client's `onPoll`).
    func polled(_ count: Int) {
        polls.withLock { $0 = count }
    }

    /// Stops and erases the spinner line.
    func stop() async {
        let running = task.withLock { task in defer { task = nil }; return task }
        running?.cancel()
        await running?.value
        terminal.err("\r\u{1B}[2K")
    }
}
