/// Why a store operation failed, in words an operator can act on.
public struct ImageStoreError: Error, Sendable, CustomStringConvertible {
    public var description: String
    /// The store ran out of space (ENOSPC or EDQUOT).
    public var isFull: Bool

    public init(_ description: String, isFull: Bool = false) {
        self.description = description
        self.isFull = isFull
    }
}

/// Why a download stopped: permanent failures end in an error status at once; transient ones are retried.
public enum DownloadFailure: Error, Sendable, CustomStringConvertible {
    case permanent(String)
    case transient(String)
    /// The store is full: permanent, and said so.
    case storeFull(String)

    public var description: String {
        switch self {
        case .permanent(let text), .transient(let text), .storeFull(let text): text
        }
    }

    public var isTransient: Bool {
        if case .transient = self { return true }
        return false
    }

    /// The failure a store error means for a download.
    public init(_ error: ImageStoreError) {
        self = error.isFull ? .storeFull(error.description) : .permanent(error.description)
    }
}
