import AgentProtocol

/// The power state of one VM as the host sees it now.
struct CheckVMHandler: CommandHandler {
    let name: String

    var action: String { "check VM \(name)" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        let report = try await context.powerReport(name)
        context.power.reported([report])
        return .vm(report)
    }
}
