import AgentProtocol

/// Deletes a volume; one already gone is fine.
struct DeleteVolumeHandler: CommandHandler {
    let poolId: String
    let name: String

    var action: String { "delete volume \(name) on pool \(poolId)" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        try await context.storage.deleteVolume(poolId: poolId, name: name)
        return .done
    }
}
