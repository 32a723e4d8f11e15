/// A mistake found before anything is sent — unknown command, missing or unknown
/// parameter, bad setting. Reported as `error: <message>` with exit status 2.
public struct UsageError: Error, Equatable, Sendable, CustomStringConvertible {
    public var message: String

    public init(_ message: String) {
        self.message = message
    }

    public var description: String { message }
}
