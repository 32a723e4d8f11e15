import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listVolumes, createVolume, attachVolume, detachVolume, resizeVolume and deleteVolume.
struct VolumeHandlers: Sendable {
    let volumes: VolumeService

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<Volume>] = [.isNull(.removed), .notEquals(.state, VolumeState.expunged)]
            + ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name)
        ctx.match("virtualmachineid", .vmId, into: &filters)
        ctx.match("zoneid", .zoneId, into: &filters)
        ctx.match("diskofferingid", .diskOfferingId, into: &filters)
        ctx.match("storageid", .poolId, into: &filters)
        ctx.match("type", .type, into: &filters)
        ctx.match("state", .state, into: &filters)
        // Every volume is shown to its owner and belongs to no project.
        if ctx.bool("displayvolume") == false || ctx.nonEmpty("projectid") != nil { filters.append(.nothing) }
        if let accounts = try await AccountScope.accountIds(ctx) { filters.append(.isIn(.accountId, accounts)) }
        let (volumes, total) = try await ctx.reads.page(Tables.volume, filters, page: try ctx.page)
        if ctx.bool("retrieveonlyresourcecount") == true {
            return .list(objectName: "volume", items: [], count: total)
        }
        return .list(objectName: "volume", items: try await ComputeResponses.volumeObjects(volumes, ctx), count: total)
    }

    /// Records the volume before answering; attaching it to `virtualmachineid` is the job. Without `account`,
    /// a volume for a VM belongs to the VM's account, so an administrator can add disks to a user's VM.
    func create(_ ctx: CommandContext) async throws -> APIResponse {
        try ComputeAccess.refuseProject(ctx)
        let vm: VirtualMachine? = ctx.nonEmpty("virtualmachineid") == nil ? nil : try await ComputeAccess.vm(ctx, parameter: "virtualmachineid")
        guard let diskOfferingId = ctx.nonEmpty("diskofferingid") else {
            throw APIError.invalidParameter("Please specify diskofferingid: volumes are made from disk offerings (snapshots are not supported)")
        }
        guard let zoneId = ctx.nonEmpty("zoneid") ?? vm?.zoneId else {
            throw APIError.invalidParameter("Please specify zoneid, or virtualmachineid whose zone the volume takes")
        }
        let owner: Account
        if let vm, ctx.nonEmpty("account") == nil, ctx.nonEmpty("domainid") == nil {
            guard let vmOwner = try await ctx.reads.find(Tables.account, id: vm.accountId) else {
                throw APIError.unknownEntity("virtualmachineid", value: vm.id, command: ctx.descriptor.name)
            }
            owner = vmOwner
        } else {
            owner = try await ctx.actingAccount(purpose: "create volumes for")
        }
        let request = VolumeRequest(name: ctx.nonEmpty("name"), zoneId: zoneId, diskOfferingId: diskOfferingId, sizeGB: try ctx.int64("size"))
        let volume = try await volumes.create(request, owner: owner, by: ctx.initiator)
        return try await ctx.runAsJob(instanceType: "Volume", instanceId: volume.id) {
            if let vm {
                return try await ComputeResponses.volume(try await volumes.attach(volumeId: volume.id, vmId: vm.id, deviceId: nil, by: ctx.initiator), ctx)
            }
            return try await ComputeResponses.volume(try await ctx.reads.find(Tables.volume, id: volume.id) ?? volume, ctx)
        }
    }

    func attach(_ ctx: CommandContext) async throws -> APIResponse {
        let volume = try await ComputeAccess.volume(ctx)
        let vm = try await ComputeAccess.vm(ctx, parameter: "virtualmachineid")
        let deviceId = try ctx.int("deviceid")
        return try await job(ctx, volume) { try await volumes.attach(volumeId: volume.id, vmId: vm.id, deviceId: deviceId, by: ctx.initiator) }
    }

    /// The volume is named by `id`, or by `virtualmachineid` and `deviceid`.
    func detach(_ ctx: CommandContext) async throws -> APIResponse {
        let volume: Volume
        if ctx.nonEmpty("id") != nil {
            volume = try await ComputeAccess.volume(ctx)
        } else if ctx.nonEmpty("virtualmachineid") != nil, let deviceId = try ctx.int("deviceid") {
            let vm = try await ComputeAccess.vm(ctx, parameter: "virtualmachineid")
            let attached = try await ctx.reads.first(Tables.volume, [.equals(.vmId, vm.id), .equals(.deviceId, deviceId), .isNull(.removed)])
            guard let attached else { throw APIError.invalidParameter("VM \(vm.name) has no volume at device \(deviceId)") }
            volume = attached
        } else {
            throw APIError.invalidParameter("Please specify id, or virtualmachineid together with deviceid")
        }
        return try await job(ctx, volume) { try await volumes.detach(volumeId: volume.id, by: ctx.initiator) }
    }

    func resize(_ ctx: CommandContext) async throws -> APIResponse {
        let volume = try await ComputeAccess.volume(ctx)
        let diskOfferingId = ctx.nonEmpty("diskofferingid")
        let sizeGB = try ctx.int64("size")
        guard diskOfferingId != nil || sizeGB != nil else { throw APIError.invalidParameter("Please specify diskofferingid or size") }
        let shrinkOK = ctx.bool("shrinkok") ?? false
        return try await job(ctx, volume) {
            try await volumes.resize(volumeId: volume.id, diskOfferingId: diskOfferingId, sizeGB: sizeGB, shrinkOK: shrinkOK, by: ctx.initiator)
        }
    }

    /// Synchronous, as in CloudStack.
    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let volume = try await ComputeAccess.volume(ctx)
        try await volumes.delete(volumeId: volume.id, by: ctx.initiator)
        return .success()
    }

    /// Runs a volume workflow as a job whose result is the volume afterwards.
    func job(_ ctx: CommandContext, _ volume: Volume, _ work: @escaping @Sendable () async throws -> Volume) async throws -> APIResponse {
        try await ctx.runAsJob(instanceType: "Volume", instanceId: volume.id) {
            try await ComputeResponses.volume(try await work(), ctx)
        }
    }
}
