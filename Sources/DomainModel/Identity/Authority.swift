/// Who may act on which account, its users and its resources: the one rule behind every command that
/// names an account other than the caller's own, following CloudStack's role order.
///
/// A root administrator may act on every account. A domain administrator may act on its own account, on
/// user accounts in its domain and the domains below it, and on domain administrator accounts of domains
/// strictly below its own — never on a root administrator, nor on a domain administrator of its own domain
/// or one above it. A user may act only on its own account.
public enum Authority {
    /// One side of the question: an account, the role it plays and the path of its domain.
    public struct Party: Sendable, Equatable {
        public var accountId: String
        public var role: AccountType
        /// The domain's `path`: `/` for ROOT, `/child/` below it.
        public var domainPath: String

        public init(accountId: String, role: AccountType, domainPath: String) {
            self.accountId = accountId
            self.role = role
            self.domainPath = domainPath
        }
    }

    /// True when `caller` may act on `target`.
    public static func mayAct(_ caller: Party, on target: Party) -> Bool {
        if caller.role == .rootAdmin || caller.accountId == target.accountId { return true }
        guard caller.role == .domainAdmin, target.domainPath.hasPrefix(caller.domainPath) else { return false }
        switch target.role {
        case .user: return true
        case .domainAdmin: return target.domainPath != caller.domainPath
        case .rootAdmin: return false
        }
    }
}

extension Caller {
    /// This caller as one side of an `Authority` question.
    public var party: Authority.Party {
        Authority.Party(accountId: account.id, role: account.type, domainPath: domain.path)
    }

    /// True when this caller may act on `account`, whose domain is `domain` (see `Authority`).
    public func mayAct(on account: Account, in domain: Domain) -> Bool {
        Authority.mayAct(party, on: Authority.Party(accountId: account.id, role: account.type, domainPath: domain.path))
    }
}
