import AgentProtocol

/// Grows a volume to a new size.
struct ResizeVolumeHandler: CommandHandler {
    let poolId: String
    let name: String
    let sizeBytes: Int64

    var action: String { "resize volume \(name) on pool \(poolId)" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        guard sizeBytes > 0 else { throw CommandFailure("the size must be positive") }
        return .volume(try await context.storage.resizeVolume(poolId: poolId, name: name, sizeBytes: sizeBytes))
    }
}
