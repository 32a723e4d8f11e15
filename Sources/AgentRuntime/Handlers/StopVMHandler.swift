import AgentProtocol
import Hypervisor

/// Asks the guest to shut down, waits up to the timeout, then powers the VM off; `force` skips the asking.
/// A VM that does not exist counts as stopped.
struct StopVMHandler: CommandHandler {
    let name: String
    let force: Bool
    let timeoutSeconds: Double

    var action: String { "stop VM \(name)" }
    var vmName: String? { name }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        let driver = context.driver
        guard let state = try await driver.state(domain: name), state.isActive else {
            return .vm(VMPowerReport(name: name, state: .stopped))
        }
        if !force, try await shutDownGracefully(context) {
            context.logger.info("VM shut down", metadata: ["vm": "\(name)"])
            return .vm(VMPowerReport(name: name, state: .stopped))
        }
        do {
            try await driver.destroy(domain: name)
        } catch let error as HypervisorError where error.kind == .noDomain {
            return .vm(VMPowerReport(name: name, state: .stopped))
        }
        context.logger.info(force ? "VM powered off" : "VM powered off after the shutdown timeout", metadata: ["vm": "\(name)"])
        return .vm(VMPowerReport(name: name, state: .stopped))
    }

    /// True when the guest went off within the timeout.
    private func shutDownGracefully(_ context: RuntimeContext) async throws -> Bool {
        let driver = context.driver
        do {
            try await driver.shutdown(domain: name)
        } catch let error as HypervisorError where error.kind == .noDomain || error.kind == .invalidOperation {
            // Gone or already off by the time the request arrived; the state below tells.
        } catch {
            context.logger.warning("shutdown request failed, powering off", metadata: ["vm": "\(name)", "error": "\(FailureReason.describe(error))"])
            return false
        }
        let timeout = timeoutSeconds > 0 ? timeoutSeconds : context.configuration.stopTimeoutSeconds
        let deadline = ContinuousClock.now + .milliseconds(Int64(timeout * 1000))
        while true {
            guard let state = try await driver.state(domain: name), state.isActive else { return true }
            if ContinuousClock.now >= deadline { return false }
            try await Task.sleep(for: context.configuration.stopPollInterval)
        }
    }
}
