import AgentProtocol

/// Hot-plugs a DATA disk into a VM (or adds it to a stopped VM's definition) at the target of its device id.
struct AttachDiskHandler: CommandHandler {
    let name: String
    let disk: DiskSpec

    var action: String { "attach disk \(disk.deviceId) to VM \(name)" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        guard disk.kind == .disk else { throw CommandFailure("a CD-ROM drive cannot be attached; attach an ISO instead") }
        let domainDisk = try await DomainSpecBuilder.hardDisk(disk, resolver: DiskSourceResolver(storage: context.storage))
        try await context.driver.attachDisk(domain: name, disk: domainDisk)
        context.logger.info("disk attached", metadata: ["vm": "\(name)", "device": "\(disk.deviceId)", "target": "\(domainDisk.target)"])
        return .done
    }
}
