import DomainModel

/// How a password login ended.
public enum LoginOutcome: Sendable {
    case accepted(Caller)
    /// A wrong name, password or domain, or a user that may not log in; the answer never says which.
    case refused
    /// Too many failed logins from the client's address in the last minute; `firstInStreak` is true for the
    /// first such refusal since the address was last allowed to try (the one worth a warning).
    case throttled(firstInStreak: Bool)
    /// Too many logins are waiting for their password check.
    case busy
    /// The right password, but it is the default one and the client is not on this machine.
    case defaultPasswordFromAfar
}
