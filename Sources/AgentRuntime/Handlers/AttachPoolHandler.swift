import AgentProtocol

/// Makes a primary storage pool usable on this host and reports its capacity.
struct AttachPoolHandler: CommandHandler {
    let pool: PoolSpec

    var action: String { "attach pool \(pool.poolId)" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        let report = try await context.storage.attach(pool)
        context.logger.info("pool attached", metadata: ["pool": "\(pool.poolId)", "kind": "\(pool.kind.rawValue)"])
        return .pool(report)
    }
}
