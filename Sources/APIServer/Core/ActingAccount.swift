import APIModel
import DomainModel
import Persistence

extension CommandContext {
    /// The account a command acts for: the caller's own, or the account an administrator names with
    /// `account` + `domainid`. `purpose` completes the refusal, e.g. "register images for".
    func actingAccount(purpose: String) async throws -> Account {
        let domain = try await entity("domainid", in: Tables.domain)
        guard let accountName = string("account"), !accountName.isEmpty else {
            if let domain, domain.id != caller.account.domainId {
                throw APIError.invalidParameter("Please specify account together with domainid")
            }
            return caller.account
        }
        guard let domain else { throw APIError.invalidParameter("Please specify domainid together with account") }
        guard let account = try await reads.first(Tables.account, [.equals(.name, accountName), .equals(.domainId, domain.id), .isNull(.removed)]) else {
            throw APIError.invalidParameter("Unable to find account \(accountName) in domain \(domain.name)")
        }
        if account.id == caller.account.id { return account }
        guard caller.isAdmin, try await services.identity.administers(accountId: account.id, caller: caller) else {
            throw APIError.permissionDenied("Account \(caller.account.name) does not have permission to \(purpose) account \(accountName)")
        }
        return account
    }

    /// True when the caller may act on resources of `accountId`: its own account's, or those of an account
    /// it administers and that does not outrank it (see `Authority`).
    func mayAct(onAccountId accountId: String) async throws -> Bool {
        if accountId == caller.account.id { return true }
        return try await services.identity.administers(accountId: accountId, caller: caller)
    }
}
