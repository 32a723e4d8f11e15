import AgentProtocol

/// Stops using a pool on this host; its data stays.
struct DetachPoolHandler: CommandHandler {
    let poolId: String

    var action: String { "detach pool \(poolId)" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        try await context.storage.detach(poolId: poolId)
        context.logger.info("pool detached", metadata: ["pool": "\(poolId)"])
        return .done
    }
}
