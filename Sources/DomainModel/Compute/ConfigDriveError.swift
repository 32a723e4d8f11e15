/// Why a config drive could not be built.
public enum ConfigDriveError: Error, Sendable, Equatable, CustomStringConvertible {
    case userDataNotBase64
    /// The decoded user data is not UTF-8 text (e.g. gzip): the drive's files travel to the agent as text.
    case userDataNotText

    public var description: String {
        switch self {
        case .userDataNotBase64: "User data must be base64 encoded"
        case .userDataNotText: "User data must decode to UTF-8 text"
        }
    }

    /// The API's error for it (431).
    public var domainError: DomainError { .invalidParameter(description) }
}
