import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of createSSHKeyPair, registerSSHKeyPair, listSSHKeyPairs and deleteSSHKeyPair.
struct SSHKeyPairHandlers: Sendable {
    let sshKeyPairs: SSHKeyPairService

    func create(_ ctx: CommandContext) async throws -> APIResponse {
        let name = try ctx.required("name")
        let owner = try await owner(ctx)
        let (keyPair, privateKey) = try await sshKeyPairs.create(name: name, owner: owner, by: ctx.initiator)
        var object = try await keyPair.apiObject(NameLookup(reads: ctx.reads))
        object.set("privatekey", privateKey)
        return .object(objectName: "keypair", object)
    }

    func register(_ ctx: CommandContext) async throws -> APIResponse {
        let name = try ctx.required("name")
        let publicKey = try ctx.required("publickey")
        let owner = try await owner(ctx)
        let keyPair = try await sshKeyPairs.register(name: name, publicKey: publicKey, owner: owner, by: ctx.initiator)
        return .object(objectName: "keypair", try await keyPair.apiObject(NameLookup(reads: ctx.reads)))
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let name = try ctx.required("name")
        try await sshKeyPairs.delete(name: name, owner: try await owner(ctx), by: ctx.initiator)
        return .success()
    }

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<SSHKeyPair>] = ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name)
        if let fingerprint = ctx.string("fingerprint"), !fingerprint.isEmpty {
            filters.append(.equals(.fingerprint, fingerprint.lowercased()))
        }
        // Key pairs belong to accounts only: no project owns any.
        if let project = ctx.string("projectid"), !project.isEmpty { filters.append(.nothing) }
        if let accounts = try await AccountScope.accountIds(ctx) { filters.append(.isIn(.accountId, accounts)) }
        let (keyPairs, total) = try await ctx.reads.page(Tables.sshKeyPair, filters, page: try ctx.page)
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for keyPair in keyPairs { items.append(try await keyPair.apiObject(names)) }
        return .list(objectName: "sshkeypair", items: items, count: total)
    }

    /// The account a key pair command acts on: the caller's, unless `account` + `domainid` name another
    /// account that the caller administers. Projects cannot own key pairs.
    func owner(_ ctx: CommandContext) async throws -> Account {
        if let project = ctx.string("projectid"), !project.isEmpty {
            throw APIError.invalidParameter("Projects are not supported; key pairs belong to accounts, so leave out projectid")
        }
        return try await ctx.actingAccount(purpose: "operate on key pairs of")
    }
}
