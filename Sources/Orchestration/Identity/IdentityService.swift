import DomainModel
import Foundation
import Persistence
import Synchronization

/// Accounts, users, domains, API keys, logins and sessions.
public final class IdentityService: Sendable {
    let db: Database
    let events: EventRecorder
    let settings: Settings
    /// API key → caller, so signed requests do not query the database for identity each time.
    private let callersByKey = Mutex<[String: Caller]>([:])
    /// Where password checks run, off the shared pool.
    let passwords = PasswordLanes()
    /// Failed logins per source address.
    let loginThrottle = LoginThrottle()

    init(db: Database, events: EventRecorder, settings: Settings) {
        self.db = db
        self.events = events
        self.settings = settings
    }

    func forgetCachedCallers() {
        callersByKey.withLock { $0.removeAll() }
    }

    // MARK: Authentication

    /// The caller owning `apiKey` with its secret key, if the user and account are enabled.
    public func caller(apiKey: String) async throws -> (Caller, secretKey: String)? {
        if let cached = callersByKey.withLock({ $0[apiKey] }), let secret = cached.user.secretKey {
            return (cached, secret)
        }
        guard let user = try await db.read.first(Tables.user, [.equals(.apiKey, apiKey), .isNull(.removed)]),
              let secret = user.secretKey, let caller = try await caller(for: user) else { return nil }
        callersByKey.withLock { $0[apiKey] = caller }
        return (caller, secret)
    }

    /// Builds the caller for a user, nil when the user, its account or its domain is not usable.
    public func caller(for user: User) async throws -> Caller? {
        guard user.state == .enabled, user.removed == nil,
              let account = try await db.read.find(Tables.account, id: user.accountId),
              account.state == .enabled, account.removed == nil,
              let domain = try await db.read.find(Tables.domain, id: account.domainId) else { return nil }
        return Caller(user: user, account: account, domain: domain)
    }

    /// Checks a username and password in a domain (given by path or id) for a login from `source` (the
    /// client's address). A refusal never says which part was wrong; an unknown user costs the same hash
    /// as a known one. A user whose failures reach `incorrect.login.attempts.allowed` is locked until an
    /// administrator enables it again; a source with more than `login.source.failures.allowed` failures in
    /// the last minute is refused without a check. The default password is accepted from loopback clients only.
    public func authenticate(username: String, password: String, domainPath: String?, domainId: String?,
                             source: String) async throws -> LoginOutcome {
        if case .refused(let first) = loginThrottle.check(source, allowed: max(settings.int("login.source.failures.allowed"), 1)) {
            return .throttled(firstInStreak: first)
        }
        let user = try await loginUser(username, domainPath: domainPath, domainId: domainId)
        let stored = user?.passwordHash ?? PasswordHasher.unknownUserHash
        guard let matches = await passwords.run({ PasswordHasher.verify(password, against: stored) }) else { return .busy }
        guard let user, matches, user.state == .enabled else {
            loginThrottle.recordFailure(source)
            if let user, user.state == .enabled { try await countFailure(of: user) }
            return .refused
        }
        if user.loginAttempts > 0 {
            try await db.transaction { store in
                _ = try await store.update(Tables.user, id: user.id, where: [], set: [.set(.loginAttempts, 0)])
            }
        }
        guard let caller = try await caller(for: user) else { return .refused }
        // Everyone knows the default password: it opens a session only for a client on this machine.
        if password == Bootstrap.defaultAdminPassword, !SourceAddress.isLoopback(source) { return .defaultPasswordFromAfar }
        return .accepted(caller)
    }

    /// The stored form of a new password, computed on the hashing lanes like every password check.
    func hashed(_ password: String) async throws -> String {
        guard let hash = await passwords.run({ PasswordHasher.hash(password) }) else {
            throw DomainError.unavailable("Too many password operations are in progress; try again shortly")
        }
        return hash
    }

    private func loginUser(_ username: String, domainPath: String?, domainId: String?) async throws -> User? {
        let domain: Domain?
        if let domainId, !domainId.isEmpty {
            domain = try await db.read.find(Tables.domain, id: domainId)
        } else {
            domain = try await db.read.first(Tables.domain, [.equals(.path, Self.normalisedPath(domainPath))])
        }
        guard let domain else { return nil }
        let accounts = try await db.read.all(Tables.account, [.equals(.domainId, domain.id), .isNull(.removed)]).map(\.id)
        return try await db.read.first(Tables.user, [.equals(.username, username), .isIn(.accountId, accounts), .isNull(.removed)])
    }

    /// One more failed login for `user`; at the limit the user is locked, as CloudStack does.
    private func countFailure(of user: User) async throws {
        let allowed = max(settings.int("incorrect.login.attempts.allowed"), 1)
        try await db.transaction { store in
            guard var current = try await store.find(Tables.user, id: user.id), current.state == .enabled else { return }
            current.loginAttempts += 1
            let lock = current.loginAttempts >= allowed
            var set: [Assignment<User>] = [.set(.loginAttempts, current.loginAttempts)]
            if lock { set.append(.set(.state, AccountState.locked)) }
            _ = try await store.update(Tables.user, id: user.id, where: [.equals(.state, AccountState.enabled)], set: set)
            if lock {
                let domainId = try await store.find(Tables.account, id: current.accountId)?.domainId ?? ""
                try await events.record(
                    "USER.LOCK", "User \(current.username) is locked after \(current.loginAttempts) failed logins",
                    by: Initiator(userId: current.id, accountId: current.accountId, domainId: domainId),
                    resourceId: current.id, resourceType: "User", level: .warn, in: store)
            }
        }
        forgetCachedCallers()
    }

    /// `dept1`, `/dept1` and `dept1/` all name the domain whose path is `/dept1/`; blank is ROOT.
    public static func normalisedPath(_ path: String?) -> String {
        guard var p = path?.trimmingCharacters(in: .whitespaces), !p.isEmpty else { return "/" }
        if !p.hasPrefix("/") { p = "/" + p }
        if !p.hasSuffix("/") { p += "/" }
        return p
    }

    // MARK: Sessions

    /// Starts a session for `caller` and returns its key. The store keeps only the key's digest
    /// (`SessionKeys.storedId`), so a copy of the database does not hold live sessions.
    public func createSession(for caller: Caller) async throws -> String {
        let key = TokenGenerator.sessionKey()
        let session = Session(id: SessionKeys.storedId(of: key), userId: caller.user.id)
        try await db.transaction { store in
            try await store.insert(session, into: Tables.session)
            try await events.record("USER.LOGIN", "User \(caller.user.username) logged in", by: Initiator(caller), resourceId: caller.user.id, resourceType: "User", in: store)
        }
        return key
    }

    /// The caller of a live session; touches the session so it stays alive.
    public func caller(sessionKey: String) async throws -> Caller? {
        let sessionId = SessionKeys.storedId(of: sessionKey)
        guard let session = try await db.read.find(Tables.session, id: sessionId) else { return nil }
        let timeout = TimeInterval(settings.int("session.timeout"))
        if Date().timeIntervalSince(session.lastSeen) > timeout {
            try await endSession(sessionKey)
            return nil
        }
        guard let user = try await db.read.find(Tables.user, id: session.userId), let caller = try await caller(for: user) else { return nil }
        if Date().timeIntervalSince(session.lastSeen) > 30 {
            try await db.transaction { store in
                _ = try await store.overwrite(Tables.session, id: sessionId, set: [.set(.lastSeen, Date())])
            }
        }
        return caller
    }

    /// Ends a session; returns false when there was none.
    @discardableResult
    public func endSession(_ sessionKey: String) async throws -> Bool {
        let sessionId = SessionKeys.storedId(of: sessionKey)
        guard try await db.read.find(Tables.session, id: sessionId) != nil else { return false }
        try await db.transaction { store in try await store.delete(from: Tables.session, id: sessionId) }
        return true
    }

    // MARK: Keys

    /// Gives a user a new API key and secret key, replacing any old pair.
    public func registerKeys(userId: String, by caller: Caller) async throws -> User {
        var user = try await manageableUser(userId, by: caller, allowSelf: true)
        user.apiKey = TokenGenerator.apiKey()
        user.secretKey = TokenGenerator.apiKey()
        let updated = user
        try await db.transaction { store in
            try await store.replace(updated, in: Tables.user, id: updated.id)
            try await events.record("REGISTER.USER.KEY", "Registered API keys for user \(updated.username)", by: Initiator(caller), resourceId: updated.id, resourceType: "User", in: store)
        }
        forgetCachedCallers()
        return updated
    }

    /// The user whose keys `caller` may read or change: themselves, or a user of an account they administer.
    public func manageableUser(_ userId: String, by caller: Caller, allowSelf: Bool) async throws -> User {
        guard let user = try await db.read.find(Tables.user, id: userId), user.removed == nil else {
            throw DomainError.notFound(kind: "user", id: userId, parameter: "id")
        }
        if allowSelf && user.id == caller.user.id { return user }
        guard try await administers(accountId: user.accountId, caller: caller) else {
            throw DomainError.permissionDenied("Account \(caller.account.name) does not have permission to operate on user \(userId)")
        }
        return user
    }

    /// True when `caller` is an administrator that may act on the account: the root admin, or a domain admin
    /// acting on its own account or on one `Authority` lets it act on (never one that outranks it).
    public func administers(accountId: String, caller: Caller) async throws -> Bool {
        if caller.isRootAdmin { return true }
        guard caller.account.type == .domainAdmin, let account = try await db.read.find(Tables.account, id: accountId),
              let domain = try await db.read.find(Tables.domain, id: account.domainId) else { return false }
        return caller.mayAct(on: account, in: domain)
    }
}
