import DomainModel

/// How a password login ended.
public enum LoginOutcome: Sendable {
    case accepted(Caller)
    /// A wrong name, password or domain, or a user that may not log in; the answer never says which.
    case refused
    /// Too many failed logins from the client's address in the last minute.
    case throttled
    /// Too many logins are waiting for their password check.
    case busy
}
