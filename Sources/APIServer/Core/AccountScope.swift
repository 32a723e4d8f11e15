import APIModel
import DomainModel
import Persistence

/// Which accounts' resources a list command shows, following CloudStack's
/// `listall`, `domainid`, `isrecursive` and `account` rules.
enum AccountScope {
    /// The visible account ids, or nil when the caller may see every account's resources.
    static func accountIds(_ ctx: CommandContext) async throws -> [String]? {
        let caller = ctx.caller
        let reads = ctx.reads
        if let domain = try await ctx.entity("domainid", in: Tables.domain) {
            guard caller.administers(domainPath: domain.path) || (caller.account.domainId == domain.id && !caller.isAdmin) else {
                throw APIError.permissionDenied("Account \(caller.account.name) does not have permission to see resources of domain \(domain.name)")
            }
            if let accountName = ctx.string("account"), !accountName.isEmpty {
                let account = try await reads.first(Tables.account, [.equals(.name, accountName), .equals(.domainId, domain.id), .isNull(.removed)])
                guard let account else { throw APIError.invalidParameter("Unable to find account \(accountName) in domain \(domain.name)") }
                guard caller.isAdmin || account.id == caller.account.id else {
                    throw APIError.permissionDenied("Account \(caller.account.name) does not have permission to see resources of account \(accountName)")
                }
                return [account.id]
            }
            if !caller.isAdmin { return [caller.account.id] }
            let domains = ctx.bool("isrecursive") == true
                ? try await reads.all(Tables.domain).filter { $0.path.hasPrefix(domain.path) }.map(\.id)
                : [domain.id]
            return try await reads.all(Tables.account, [.isIn(.domainId, domains)]).map(\.id)
        }
        if let accountName = ctx.string("account"), !accountName.isEmpty, caller.isAdmin {
            let accounts = try await reads.all(Tables.account, [.equals(.name, accountName), .isNull(.removed)])
            var visible: [String] = []
            for account in accounts {
                if let domain = try await reads.find(Tables.domain, id: account.domainId), caller.administers(domainPath: domain.path) {
                    visible.append(account.id)
                }
            }
            return visible
        }
        guard ctx.bool("listall") == true, caller.isAdmin else { return [caller.account.id] }
        if caller.isRootAdmin { return nil }
        let domains = try await reads.all(Tables.domain).filter { caller.administers(domainPath: $0.path) }.map(\.id)
        return try await reads.all(Tables.account, [.isIn(.domainId, domains)]).map(\.id)
    }
}
