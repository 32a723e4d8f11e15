import Foundation

/// Creates the external ids of resources: lower-case UUID strings, as CloudStack uses.
public enum ResourceID {
    public static func make() -> String { UUID().uuidString.lowercased() }

    /// True for a well-formed UUID string (ids that cannot exist are rejected before any lookup).
    public static func isWellFormed(_ text: String) -> Bool { UUID(uuidString: text) != nil }
}

/// The role an account plays, numbered as CloudStack's account types.
public enum AccountType: Int, Codable, Sendable, CaseIterable {
    case user = 0
    case rootAdmin = 1
    case domainAdmin = 2

    public var roleName: String {
        switch self {
        case .user: "User"
        case .rootAdmin: "Root Admin"
        case .domainAdmin: "Domain Admin"
        }
    }

    public var roleType: String {
        switch self {
        case .user: "User"
        case .rootAdmin: "Admin"
        case .domainAdmin: "DomainAdmin"
        }
    }
}

/// Account and user states, spelt in lower case as CloudStack's API shows them.
public enum AccountState: String, Codable, Sendable, CaseIterable {
    case enabled, disabled, locked
}

/// A domain: a node in the tree of tenants that accounts belong to.
public struct Domain: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var parentId: String?
    /// `/` for ROOT, `/child/grandchild/` below it — the form `login` takes.
    public var path: String
    public var level: Int
    public var networkDomain: String?
    public var state: String
    public var created: Date

    public init(id: String, name: String, parentId: String?, path: String, level: Int, networkDomain: String? = nil, state: String = "Active", created: Date = Date()) {
        self.id = id
        self.name = name
        self.parentId = parentId
        self.path = path
        self.level = level
        self.networkDomain = networkDomain
        self.state = state
        self.created = created
    }

    /// The path as the API prints it: `ROOT`, `ROOT/child`.
    public var displayPath: String {
        path == "/" ? "ROOT" : "ROOT" + String(path.dropLast())
    }

    /// The `path` a child named `name` gets.
    public func childPath(_ name: String) -> String { path + name + "/" }
}

/// An account: the owner of resources, in one domain, with one or more users.
public struct Account: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var type: AccountType
    public var domainId: String
    public var state: AccountState
    public var networkDomain: String?
    public var created: Date
    public var removed: Date?

    public init(id: String, name: String, type: AccountType, domainId: String, state: AccountState = .enabled, networkDomain: String? = nil, created: Date = Date()) {
        self.id = id
        self.name = name
        self.type = type
        self.domainId = domainId
        self.state = state
        self.networkDomain = networkDomain
        self.created = created
    }
}

/// A user who logs in or signs requests on behalf of an account.
public struct User: Codable, Sendable, Equatable {
    public var id: String
    public var accountId: String
    public var username: String
    /// A salted PBKDF2 hash; the clear password is never stored.
    public var passwordHash: String
    public var firstname: String
    public var lastname: String
    public var email: String?
    public var timezone: String?
    public var state: AccountState
    public var apiKey: String?
    public var secretKey: String?
    public var isDefault: Bool
    /// Failed logins since the last successful one; at `incorrect.login.attempts.allowed` the user is locked.
    public var loginAttempts: Int = 0
    public var created: Date
    public var removed: Date?

    public init(id: String, accountId: String, username: String, passwordHash: String, firstname: String, lastname: String, email: String? = nil, timezone: String? = nil, state: AccountState = .enabled, isDefault: Bool = false, created: Date = Date()) {
        self.id = id
        self.accountId = accountId
        self.username = username
        self.passwordHash = passwordHash
        self.firstname = firstname
        self.lastname = lastname
        self.email = email
        self.timezone = timezone
        self.state = state
        self.isDefault = isDefault
        self.created = created
    }
}

/// The identity a request runs as, after authentication.
public struct Caller: Sendable, Equatable {
    public var user: User
    public var account: Account
    public var domain: Domain

    public init(user: User, account: Account, domain: Domain) {
        self.user = user
        self.account = account
        self.domain = domain
    }

    public var isRootAdmin: Bool { account.type == .rootAdmin }
    public var isAdmin: Bool { account.type != .user }

    /// True when this caller administers `domain` (a domain admin administers their domain and those below it).
    public func administers(domainPath: String) -> Bool {
        isRootAdmin || (account.type == .domainAdmin && domainPath.hasPrefix(domain.path))
    }
}
