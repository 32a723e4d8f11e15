import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of deployVirtualMachine and the VM lifecycle commands: start, stop, reboot, destroy, recover,
/// expunge, attachIso, detachIso, updateVirtualMachine and resetSSHKeyForVirtualMachine.
struct VirtualMachineHandlers: Sendable {
    let instances: InstanceService
    let volumes: VolumeService

    /// Checks and records the VM before answering, so bad input fails at once and leaves no job;
    /// placing and starting it is the job.
    func deploy(_ ctx: CommandContext) async throws -> APIResponse {
        let request = try DeployParameters.request(ctx)
        let owner = try await ctx.actingAccount(purpose: "deploy virtual machines for")
        let vm = try await instances.prepareDeployment(request, owner: owner, by: ctx.initiator)
        return try await ctx.runAsJob(instanceType: "VirtualMachine", instanceId: vm.id) {
            let deployed = try await instances.completeDeployment(vmId: vm.id, startVM: request.startVM, by: ctx.initiator)
            return try await ComputeResponses.vm(deployed, ctx, includePassword: true)
        }
    }

    func start(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx)
        let hostId = ctx.nonEmpty("hostid")
        return try await job(ctx, vm) { try await instances.start(vmId: vm.id, hostId: hostId, by: ctx.initiator) }
    }

    func stop(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx)
        let forced = ctx.bool("forced") ?? false
        return try await job(ctx, vm) { try await instances.stop(vmId: vm.id, forced: forced, by: ctx.initiator) }
    }

    /// A reboot of the guest; with `forced`, a hard stop followed by a start, as CloudStack does it.
    func reboot(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx)
        let forced = ctx.bool("forced") ?? false
        return try await job(ctx, vm) {
            guard forced else { return try await instances.reboot(vmId: vm.id, by: ctx.initiator) }
            _ = try await instances.stop(vmId: vm.id, forced: true, by: ctx.initiator)
            return try await instances.start(vmId: vm.id, hostId: nil, by: ctx.initiator)
        }
    }

    /// Destroys the VM; data disks named in `volumeids` are detached first and deleted after it.
    func destroy(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx)
        let expunge = ctx.bool("expunge") ?? false
        var dataDisks: [Volume] = []
        for id in ctx.list("volumeids") ?? [] {
            let volume = try await ComputeAccess.volume(ctx, id: id, parameter: "volumeids")
            guard volume.vmId == vm.id, volume.type == .dataDisk else {
                throw APIError.invalidParameter("Volume \(volume.name) is not a data disk attached to VM \(vm.name)")
            }
            dataDisks.append(volume)
        }
        let disks = dataDisks
        return try await job(ctx, vm) {
            for disk in disks { _ = try await volumes.detach(volumeId: disk.id, by: ctx.initiator) }
            let destroyed = try await instances.destroy(vmId: vm.id, expunge: expunge, by: ctx.initiator)
            for disk in disks { try await volumes.delete(volumeId: disk.id, by: ctx.initiator) }
            return destroyed
        }
    }

    /// Synchronous, as in CloudStack.
    func recover(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx)
        return try await ComputeResponses.vm(try await instances.recover(vmId: vm.id, by: ctx.initiator), ctx)
    }

    func expunge(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx)
        return try await ctx.runAsJob(instanceType: "VirtualMachine", instanceId: vm.id) {
            try await instances.expunge(vmId: vm.id, by: ctx.initiator)
            return .success()
        }
    }

    func attachISO(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx, parameter: "virtualmachineid")
        let iso = try await ImageAccess.target(ctx, isIso: true, change: false)
        return try await job(ctx, vm) { try await instances.attachISO(vmId: vm.id, isoId: iso.id, by: ctx.initiator) }
    }

    func detachISO(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx, parameter: "virtualmachineid")
        return try await job(ctx, vm) { try await instances.detachISO(vmId: vm.id, by: ctx.initiator) }
    }

    /// Synchronous, as in CloudStack. An empty `group` takes the VM out of its group.
    func update(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx)
        var changes = VirtualMachineUpdate()
        changes.displayName = ctx.nonEmpty("displayname")
        changes.name = ctx.nonEmpty("name")
        changes.group = ctx.string("group")
        changes.haEnabled = ctx.bool("haenable")
        changes.userData = ctx.nonEmpty("userdata")
        changes.guestOsId = ctx.nonEmpty("ostypeid")
        if ctx.bool("cleanupdetails") == true {
            if ctx.params.hasMap("details") { throw APIError.invalidParameter("details and cleanupdetails cannot be given together") }
            changes.details = [:]
        } else if ctx.params.hasMap("details") {
            changes.details = try DeployParameters.detailMap(ctx, "details")
        }
        let updated = try await instances.update(vmId: vm.id, changes, by: ctx.initiator)
        return try await ComputeResponses.vm(updated, ctx)
    }

    /// The key pairs must belong to the VM's account; `account` + `domainid`, when given, must name it.
    func resetSSHKey(_ ctx: CommandContext) async throws -> APIResponse {
        try ComputeAccess.refuseProject(ctx)
        let vm = try await ComputeAccess.vm(ctx)
        if ctx.nonEmpty("account") != nil || ctx.nonEmpty("domainid") != nil {
            let owner = try await ctx.actingAccount(purpose: "reset SSH keys of VMs of")
            guard owner.id == vm.accountId else {
                throw APIError.invalidParameter("The key pairs of VM \(vm.name) must belong to the VM's account")
            }
        }
        let keypairs = DeployParameters.keypairs(ctx)
        guard !keypairs.isEmpty else { throw APIError.invalidParameter("Please specify keypair or keypairs") }
        return try await job(ctx, vm) { try await instances.resetSSHKeys(vmId: vm.id, keypairs: keypairs, by: ctx.initiator) }
    }

    /// Runs a VM workflow as a job whose result is the VM afterwards.
    func job(
        _ ctx: CommandContext, _ vm: VirtualMachine, _ work: @escaping @Sendable () async throws -> VirtualMachine
    ) async throws -> APIResponse {
        try await ctx.runAsJob(instanceType: "VirtualMachine", instanceId: vm.id) {
            try await ComputeResponses.vm(try await work(), ctx)
        }
    }
}
