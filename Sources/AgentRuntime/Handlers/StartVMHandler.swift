import AgentProtocol
import Hypervisor

/// Defines and starts a VM, with its config drive when it has one. A failed start leaves nothing behind.
struct StartVMHandler: CommandHandler {
    let spec: VMSpec

    var action: String { "start VM \(spec.name)" }
    var vmName: String? { spec.name }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        let driver = context.driver
        if let state = try await driver.state(domain: spec.name), state.isActive {
            context.logger.info("VM already running", metadata: ["vm": "\(spec.name)"])
            return .vm(try await context.powerReport(spec.name))
        }
        let builder = DomainSpecBuilder(resolver: DiskSourceResolver(storage: context.storage), domainType: try await context.domainType())
        var configDrive: String?
        if let files = spec.configDrive {
            configDrive = try await context.configDrives.build(vmName: spec.name, files: files)
        }
        do {
            let domain = try await builder.build(spec, configDrive: configDrive)
            try await driver.define(domain)
            do {
                try await driver.start(domain: spec.name)
            } catch {
                await undefine(context)
                throw error
            }
        } catch {
            if configDrive != nil {
                context.configDrives.remove(vmName: spec.name)
            }
            throw error
        }
        context.logger.info("VM started", metadata: ["vm": "\(spec.name)"])
        return .vm(try await context.powerReport(spec.name))
    }

    /// Removes the definition of a domain that failed to start; a failure here is only logged.
    private func undefine(_ context: RuntimeContext) async {
        do {
            try await context.driver.undefine(domain: spec.name)
        } catch {
            context.logger.warning("could not undefine a VM that failed to start", metadata: ["vm": "\(spec.name)", "error": "\(error)"])
        }
    }
}
