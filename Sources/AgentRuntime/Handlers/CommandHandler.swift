import AgentProtocol

/// One kind of server command: maps its transfer objects to driver and storage calls and answers with a result.
protocol CommandHandler: Sendable {
    /// What the command does, to prefix failure reasons ("start VM i-2-10-VM").
    var action: String { get }
    /// The VM the command works on; its power changes are answered by the command, not reported on their own.
    var vmName: String? { get }
    func run(in context: RuntimeContext) async throws -> CommandResult
}

extension CommandHandler {
    var vmName: String? { nil }
}

/// A reason a command failed that is already readable as it is.
struct CommandFailure: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}
