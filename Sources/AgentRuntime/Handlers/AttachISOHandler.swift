import AgentProtocol

/// Puts an ISO into a VM's CD-ROM drive.
struct AttachISOHandler: CommandHandler {
    let name: String
    let iso: DiskSource

    var action: String { "attach an ISO to VM \(name)" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        let location = try await DiskSourceResolver(storage: context.storage).location(of: iso)
        try await context.driver.changeMedia(domain: name, to: location)
        return .done
    }
}
