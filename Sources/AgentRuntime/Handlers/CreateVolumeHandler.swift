import AgentProtocol

/// Creates a volume on an attached pool: empty, an overlay when it has a backing volume, or a full copy of an
/// image when it has a source image (a copy that exists already is reported as it is).
struct CreateVolumeHandler: CommandHandler {
    let spec: VolumeSpec

    var action: String { "create volume \(spec.name) on pool \(spec.poolId)" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        if spec.sourceImage != nil {
            // A copy is at least as large as its image; no size asks for exactly that.
            guard spec.sizeBytes >= 0 else { throw CommandFailure("the size must not be negative") }
            guard spec.backingVolume == nil else { throw CommandFailure("a copy of an image cannot also be an overlay") }
            guard spec.format == .qcow2 else { throw CommandFailure("copies of images are qcow2, not \(spec.format.rawValue)") }
        } else {
            guard spec.sizeBytes > 0 else { throw CommandFailure("the size must be positive") }
        }
        return .volume(try await context.storage.createVolume(spec))
    }
}
