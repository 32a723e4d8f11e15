import AgentProtocol

/// Creates a volume on an attached pool, as an overlay when it has a backing volume.
struct CreateVolumeHandler: CommandHandler {
    let spec: VolumeSpec

    var action: String { "create volume \(spec.name) on pool \(spec.poolId)" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        guard spec.sizeBytes > 0 else { throw CommandFailure("the size must be positive") }
        return .volume(try await context.storage.createVolume(spec))
    }
}
