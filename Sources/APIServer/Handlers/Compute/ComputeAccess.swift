import APIModel
import DomainModel
import Persistence

/// Who may see and act on which VMs and volumes: a user those of their own account, a domain administrator
/// those of accounts in their domain and below it, the root administrator all of them. Anything else is
/// answered exactly like an id that does not exist, so callers learn nothing about other accounts. A domain
/// administrator sees but may not act on those of accounts that outrank it (see `Authority`).
enum ComputeAccess {
    /// The live VM named by parameter `name` that the caller may see.
    static func vm(_ ctx: CommandContext, parameter name: String = "id") async throws -> VirtualMachine {
        try await vm(ctx, id: try ctx.required(name), parameter: name)
    }

    /// The live VM with `id` that the caller may see; `name` is the parameter that named it.
    static func vm(_ ctx: CommandContext, id: String, parameter name: String) async throws -> VirtualMachine {
        guard ResourceID.isWellFormed(id), let vm = try await ctx.reads.find(Tables.vmInstance, id: id), vm.removed == nil,
              try await sees(ctx, domainId: vm.domainId, accountId: vm.accountId) else {
            throw APIError.unknownEntity(name, value: id, command: ctx.descriptor.name)
        }
        try await checkMayAct(ctx, accountId: vm.accountId)
        return vm
    }

    /// The live volume named by parameter `name` that the caller may see.
    static func volume(_ ctx: CommandContext, parameter name: String = "id") async throws -> Volume {
        try await volume(ctx, id: try ctx.required(name), parameter: name)
    }

    /// The live volume with `id` that the caller may see; `name` is the parameter that named it.
    static func volume(_ ctx: CommandContext, id: String, parameter name: String) async throws -> Volume {
        guard ResourceID.isWellFormed(id), let volume = try await ctx.reads.find(Tables.volume, id: id), volume.removed == nil,
              volume.state != .expunged, try await sees(ctx, domainId: volume.domainId, accountId: volume.accountId) else {
            throw APIError.unknownEntity(name, value: id, command: ctx.descriptor.name)
        }
        try await checkMayAct(ctx, accountId: volume.accountId)
        return volume
    }

    /// Whether the caller may see a resource of `accountId` in `domainId`.
    static func sees(_ ctx: CommandContext, domainId: String, accountId: String) async throws -> Bool {
        let caller = ctx.caller
        if accountId == caller.account.id || caller.isRootAdmin { return true }
        guard caller.isAdmin, let domain = try await ctx.reads.find(Tables.domain, id: domainId) else { return false }
        return caller.administers(domainPath: domain.path)
    }

    /// Refuses (531) acting on a resource of an account that outranks the caller.
    static func checkMayAct(_ ctx: CommandContext, accountId: String) async throws {
        guard try await ctx.mayAct(onAccountId: accountId) else {
            throw APIError.permissionDenied("Account \(ctx.caller.account.name) does not have permission to operate on resources of this account")
        }
    }

    /// Refuses `projectid`: VMs and volumes belong to accounts only.
    static func refuseProject(_ ctx: CommandContext) throws {
        if let project = ctx.string("projectid"), !project.isEmpty {
            throw APIError.invalidParameter("Projects are not supported; VMs and volumes belong to accounts, so leave out projectid")
        }
    }
}
