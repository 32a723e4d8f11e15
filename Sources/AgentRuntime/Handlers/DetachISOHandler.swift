import AgentProtocol

/// Empties a VM's CD-ROM drive.
struct DetachISOHandler: CommandHandler {
    let name: String

    var action: String { "detach the ISO of VM \(name)" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        try await context.driver.changeMedia(domain: name, to: nil)
        return .done
    }
}
