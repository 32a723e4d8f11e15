import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of deployVirtualMachine and the VM lifecycle commands: start, stop, reboot, destroy, recover,
/// expunge, attachIso, detachIso, updateVirtualMachine and resetSSHKeyForVirtualMachine.
enum VirtualMachineHandlers {
    /// Checks and records the VM before answering, so bad input fails at once and leaves no job;
    /// placing and starting it is the job.
    static func deploy(_ ctx: CommandContext) async throws -> APIResponse {
        let request = try DeployParameters.request(ctx)
        let owner = try await ctx.actingAccount(purpose: "deploy virtual machines for")
        let vm = try await ctx.cloud.instances.prepareDeployment(request, owner: owner, by: ctx.initiator)
        return try await ctx.runAsJob(instanceType: "VirtualMachine", instanceId: vm.id) {
            let deployed = try await ctx.cloud.instances.completeDeployment(vmId: vm.id, startVM: request.startVM, by: ctx.initiator)
            return try await ComputeResponses.vm(deployed, ctx, includePassword: true)
        }
    }

    static func start(_ ctx: CommandContext) async throws -> APIResponse {
        try ComputeAccess.refuseUnlessRootAdmin(ctx, ["hostid", "podid", "clusterid"])
        let vm = try await ComputeAccess.vm(ctx)
        let hostId = ctx.nonEmpty("hostid")
        return try await job(ctx, vm) { try await ctx.cloud.instances.start(vmId: vm.id, hostId: hostId, by: ctx.initiator) }
    }

    static func stop(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx)
        let forced = ctx.bool("forced") ?? false
        return try await job(ctx, vm) { try await ctx.cloud.instances.stop(vmId: vm.id, forced: forced, by: ctx.initiator) }
    }

    /// A reboot of the guest; with `forced`, a hard stop followed by a start, as CloudStack does it.
    static func reboot(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx)
        let forced = ctx.bool("forced") ?? false
        return try await job(ctx, vm) {
            guard forced else { return try await ctx.cloud.instances.reboot(vmId: vm.id, by: ctx.initiator) }
            _ = try await ctx.cloud.instances.stop(vmId: vm.id, forced: true, by: ctx.initiator)
            return try await ctx.cloud.instances.start(vmId: vm.id, hostId: nil, by: ctx.initiator)
        }
    }

    /// Destroys the VM; data disks named in `volumeids` are detached first and deleted after it.
    static func destroy(_ ctx: CommandContext) async throws -> APIResponse {
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
        let volumes = dataDisks
        return try await job(ctx, vm) {
            for volume in volumes { _ = try await ctx.cloud.volumes.detach(volumeId: volume.id, by: ctx.initiator) }
            let destroyed = try await ctx.cloud.instances.destroy(vmId: vm.id, expunge: expunge, by: ctx.initiator)
            for volume in volumes { try await ctx.cloud.volumes.delete(volumeId: volume.id, by: ctx.initiator) }
            return destroyed
        }
    }

    /// Synchronous, as in CloudStack.
    static func recover(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx)
        return try await ComputeResponses.vm(try await ctx.cloud.instances.recover(vmId: vm.id, by: ctx.initiator), ctx)
    }

    static func expunge(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx)
        return try await ctx.runAsJob(instanceType: "VirtualMachine", instanceId: vm.id) {
            try await ctx.cloud.instances.expunge(vmId: vm.id, by: ctx.initiator)
            return .success()
        }
    }

    static func attachISO(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx, parameter: "virtualmachineid")
        let iso = try await ImageAccess.target(ctx, isIso: true, change: false)
        return try await job(ctx, vm) { try await ctx.cloud.instances.attachISO(vmId: vm.id, isoId: iso.id, by: ctx.initiator) }
    }

    static func detachISO(_ ctx: CommandContext) async throws -> APIResponse {
        let vm = try await ComputeAccess.vm(ctx, parameter: "virtualmachineid")
        return try await job(ctx, vm) { try await ctx.cloud.instances.detachISO(vmId: vm.id, by: ctx.initiator) }
    }

    /// Synchronous, as in CloudStack. An empty `group` takes the VM out of its group.
    static func update(_ ctx: CommandContext) async throws -> APIResponse {
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
        let updated = try await ctx.cloud.instances.update(vmId: vm.id, changes, by: ctx.initiator)
        return try await ComputeResponses.vm(updated, ctx)
    }

    /// The key pairs must belong to the VM's account; `account` + `domainid`, when given, must name it.
    static func resetSSHKey(_ ctx: CommandContext) async throws -> APIResponse {
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
        return try await job(ctx, vm) { try await ctx.cloud.instances.resetSSHKeys(vmId: vm.id, keypairs: keypairs, by: ctx.initiator) }
    }

    /// Runs a VM workflow as a job whose result is the VM afterwards.
    static func job(
        _ ctx: CommandContext, _ vm: VirtualMachine, _ work: @escaping @Sendable () async throws -> VirtualMachine
    ) async throws -> APIResponse {
        try await ctx.runAsJob(instanceType: "VirtualMachine", instanceId: vm.id) {
            try await ComputeResponses.vm(try await work(), ctx)
        }
    }
}
