/// Why a storage request could not be served.
public enum StorageError: Error, Sendable, Equatable, CustomStringConvertible {
    case notAttached(poolId: String)
    case noVolume(poolId: String, name: String)
    case invalidPool(poolId: String, reason: String)
    case invalidVolume(name: String, reason: String)

    public var description: String {
        switch self {
        case .notAttached(let poolId): "pool \(poolId) is not attached on this host"
        case .noVolume(let poolId, let name): "volume \(name) not found on pool \(poolId)"
        case .invalidPool(let poolId, let reason): "pool \(poolId): \(reason)"
        case .invalidVolume(let name, let reason): "volume \(name): \(reason)"
        }
    }
}
