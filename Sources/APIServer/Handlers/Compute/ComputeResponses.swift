import APIModel
import DomainModel

/// How VM and volume handlers turn records into answers.
enum ComputeResponses {
    static func vmObjects(_ vms: [VirtualMachine], _ ctx: CommandContext, includePassword: Bool = false) async throws -> [APIObject] {
        let refs = try await VirtualMachineReferences.load(for: vms, from: ctx.reads)
        let names = NameLookup(reads: ctx.reads)
        var objects: [APIObject] = []
        for vm in vms {
            objects.append(try await vm.apiObject(refs, names, viewer: ctx.caller, includePassword: includePassword))
        }
        return objects
    }

    /// `{"virtualmachine":{…}}`, as VM commands and their jobs answer.
    static func vm(_ vm: VirtualMachine, _ ctx: CommandContext, includePassword: Bool = false) async throws -> APIResponse {
        .object(objectName: "virtualmachine", try await vmObjects([vm], ctx, includePassword: includePassword)[0])
    }

    static func volumeObjects(_ volumes: [Volume], _ ctx: CommandContext) async throws -> [APIObject] {
        let refs = try await VolumeReferences.load(for: volumes, from: ctx.reads)
        let names = NameLookup(reads: ctx.reads)
        var objects: [APIObject] = []
        for volume in volumes {
            objects.append(try await volume.apiObject(refs, names, viewer: ctx.caller))
        }
        return objects
    }

    /// `{"volume":{…}}`, as volume commands and their jobs answer.
    static func volume(_ volume: Volume, _ ctx: CommandContext) async throws -> APIResponse {
        .object(objectName: "volume", try await volumeObjects([volume], ctx)[0])
    }
}
