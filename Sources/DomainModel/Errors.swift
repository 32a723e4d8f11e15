/// Why a domain operation was refused. The API layer maps each case to a CloudStack error code.
public enum DomainError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Bad input (431).
    case invalidParameter(String)
    /// A referenced resource does not exist (431).
    case notFound(kind: String, id: String, parameter: String)
    /// The caller may not do this (531).
    case permissionDenied(String)
    /// The resource is still used by others (536 in CloudStack for some, 431 for most deletes).
    case inUse(String)
    /// Not enough capacity (533).
    case insufficientCapacity(String)
    /// The resource is in a state that does not allow the operation (431).
    case invalidState(String)
    /// Another writer changed the resource first (530, retry).
    case concurrentModification(String)
    /// A host or store could not be reached (534).
    case unavailable(String)

    public var description: String {
        switch self {
        case .invalidParameter(let t), .permissionDenied(let t), .inUse(let t), .insufficientCapacity(let t),
             .invalidState(let t), .concurrentModification(let t), .unavailable(let t):
            t
        case .notFound(let kind, let id, _): "Unable to find \(kind) with id \(id)"
        }
    }
}
