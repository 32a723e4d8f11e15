/// Rules every new password must meet.
public enum PasswordPolicy {
    public static let maximumLength = 255

    /// Nil when acceptable, otherwise the reason it is refused.
    public static func problem(with password: String) -> String? {
        if password.isEmpty { return "Password can not be empty" }
        if password.count > maximumLength { return "Password is longer than \(maximumLength) characters" }
        return nil
    }
}
