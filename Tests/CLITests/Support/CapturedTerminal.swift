@testable import CLI
import Synchronization

/// A terminal that keeps what the CLI writes, for assertions.
final class CapturedTerminal: Sendable {
    private let stdout = Mutex("")
    private let stderr = Mutex("")

    var out: String { stdout.withLock { $0 } }
    var err: String { stderr.withLock { $0 } }

    var terminal: Terminal {
        Terminal(out: { text in self.stdout.withLock { $0 += text } }, err: { text in self.stderr.withLock { $0 += text } }, stderrIsTerminal: false)
    }
}

/// Runs `cumulo` in-process with its own HOME, as the executable would.
struct OfflineCLI {
    let home = Fixtures.temporaryDirectory()

    func run(_ arguments: String..., environment: [String: String] = [:]) async -> (status: Int32, out: String, err: String) {
        let captured = CapturedTerminal()
        let status = await CumuloCLI.run(arguments: arguments, environment: environment.merging(["HOME": home]) { a, _ in a }, terminal: captured.terminal)
        return (status, captured.out, captured.err)
    }
}
