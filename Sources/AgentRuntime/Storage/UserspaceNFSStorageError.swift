import AgentProtocol

/// Why the user-space NFS storage refused or could not finish a request.
public enum UserspaceNFSStorageError: Error, Sendable, Equatable, CustomStringConvertible {
    case unsupportedPoolKind(poolId: String, kind: PoolKind)
    case poolNotAttached(poolId: String)
    case invalidVolumeName(name: String, reason: String)
    case volumeExists(poolId: String, name: String)
    case volumeNotFound(poolId: String, name: String)
    case backingVolumeNotFound(poolId: String, name: String)
    case unsupportedRequest(poolId: String, name: String, reason: String)

    public var description: String {
        switch self {
        case .unsupportedPoolKind(let poolId, let kind):
            "pool \(poolId) is of kind \(kind.rawValue); user-space NFS storage handles only nfs pools"
        case .poolNotAttached(let poolId):
            "pool \(poolId) is not attached on this host"
        case .invalidVolumeName(let name, let reason):
            "volume name \"\(name)\" is not usable: \(reason)"
        case .volumeExists(let poolId, let name):
            "volume \(name) already exists on pool \(poolId)"
        case .volumeNotFound(let poolId, let name):
            "volume \(name) not found on pool \(poolId)"
        case .backingVolumeNotFound(let poolId, let name):
            "backing volume \(name) not found on pool \(poolId)"
        case .unsupportedRequest(let poolId, let name, let reason):
            "volume \(name) on pool \(poolId): \(reason)"
        }
    }
}
