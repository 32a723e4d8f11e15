import Foundation

/// Where the CLI writes: results to stdout, errors and progress to stderr. Tests
/// replace the writers; `stderrIsTerminal` decides whether a spinner is shown.
public struct Terminal: Sendable {
    public var out: @Sendable (String) -> Void
    public var err: @Sendable (String) -> Void
    public var stderrIsTerminal: Bool

    public init(out: @escaping @Sendable (String) -> Void, err: @escaping @Sendable (String) -> Void, stderrIsTerminal: Bool) {
        self.out = out
        self.err = err
        self.stderrIsTerminal = stderrIsTerminal
    }

    /// The process's own stdout and stderr.
    public static var standard: Terminal {
        Terminal(
            out: { FileHandle.standardOutput.write(Data($0.utf8)) },
            err: { FileHandle.standardError.write(Data($0.utf8)) },
            stderrIsTerminal: isatty(STDERR_FILENO) == 1)
    }
}
