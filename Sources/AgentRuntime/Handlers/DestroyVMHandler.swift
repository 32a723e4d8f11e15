import AgentProtocol
import Hypervisor

/// Powers a VM off and removes its definition and config drive; its volumes stay. Missing VMs are fine.
struct DestroyVMHandler: CommandHandler {
    let name: String

    var action: String { "destroy VM \(name)" }
    var vmName: String? { name }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        let driver = context.driver
        if try await driver.state(domain: name) != nil {
            do {
                try await driver.destroy(domain: name)
            } catch let error as HypervisorError where error.kind == .noDomain {
                // Vanished meanwhile.
            }
            try await driver.undefine(domain: name)
        }
        context.configDrives.remove(vmName: name)
        context.vmStats.forget(name)
        context.logger.info("VM destroyed", metadata: ["vm": "\(name)"])
        return .vm(VMPowerReport(name: name, state: .missing))
    }
}
