import AgentProtocol

/// The host's load since the previous sample.
struct HostStatsHandler: CommandHandler {
    var action: String { "read host statistics" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        .hostStats(try await context.hostStats.sample())
    }
}
