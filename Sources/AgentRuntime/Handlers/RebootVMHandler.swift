import AgentProtocol

/// Reboots a running VM.
struct RebootVMHandler: CommandHandler {
    let name: String

    var action: String { "reboot VM \(name)" }
    var vmName: String? { name }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        try await context.driver.reboot(domain: name)
        return .vm(try await context.powerReport(name))
    }
}
