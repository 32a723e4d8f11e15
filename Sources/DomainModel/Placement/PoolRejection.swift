/// Why one primary storage pool could not take a VM's disks.
public struct PoolRejection: Sendable, Equatable, CustomStringConvertible {
    public var poolId: String
    public var poolName: String
    public var reason: Reason

    public init(poolId: String, poolName: String, reason: Reason) {
        self.poolId = poolId
        self.poolName = poolName
        self.reason = reason
    }

    /// The reason, as data.
    public enum Reason: Sendable, Equatable {
        /// The pool is not Up; the state is given.
        case notUp(StoragePoolState)
        /// An earlier attempt failed on this pool.
        case avoided
        /// Too little space left after overprovisioning.
        case insufficientSpace(freeBytes: Int64)
    }

    /// `pool P1: 5 GB free`, `pool P2: Maintenance`, `pool P3: avoided after an earlier failure`.
    public var description: String {
        switch reason {
        case .notUp(let state): "pool \(poolName): \(state.rawValue)"
        case .avoided: "pool \(poolName): avoided after an earlier failure"
        case .insufficientSpace(let free): "pool \(poolName): \(CapacityUnits.size(free)) free"
        }
    }
}
