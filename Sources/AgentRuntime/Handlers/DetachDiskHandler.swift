import AgentProtocol

/// Unplugs the DATA disk at a device id from a VM and its definition; no disk there is fine.
struct DetachDiskHandler: CommandHandler {
    let name: String
    let deviceId: Int

    var action: String { "detach disk \(deviceId) from VM \(name)" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        let target = try DomainSpecBuilder.diskTarget(deviceId: deviceId)
        try await context.driver.detachDisk(domain: name, target: target)
        context.logger.info("disk detached", metadata: ["vm": "\(name)", "device": "\(deviceId)", "target": "\(target)"])
        return .done
    }
}
