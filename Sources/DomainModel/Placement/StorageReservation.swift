/// A change of a pool's allocated bytes as a compare-and-set, as `CapacityReservation` is for hosts:
/// `UPDATE storage_pool SET allocated_bytes = updatedAllocatedBytes WHERE id = poolId AND allocated_bytes = expectedAllocatedBytes`.
public struct StorageReservation: Sendable, Equatable {
    public var poolId: String
    public var expectedAllocatedBytes: Int64
    public var updatedAllocatedBytes: Int64

    public init(poolId: String, expectedAllocatedBytes: Int64, updatedAllocatedBytes: Int64) {
        self.poolId = poolId
        self.expectedAllocatedBytes = expectedAllocatedBytes
        self.updatedAllocatedBytes = updatedAllocatedBytes
    }

    /// Reserves `bytes` on `pool`, or nil when they do not fit in what is left under `factors`
    /// (reserving nothing always succeeds).
    public static func reserve(bytes: Int64, on pool: CapacitySnapshot.PoolCapacity, factors: OverprovisioningFactors) -> StorageReservation? {
        guard bytes <= 0 || bytes <= pool.freeBytes(factors) else { return nil }
        return StorageReservation(poolId: pool.id, expectedAllocatedBytes: pool.allocatedBytes, updatedAllocatedBytes: pool.allocatedBytes + bytes)
    }

    /// Gives back the space of deleted volumes; never below zero.
    public static func release(bytes: Int64, poolId: String, currentAllocatedBytes: Int64) -> StorageReservation {
        StorageReservation(poolId: poolId, expectedAllocatedBytes: currentAllocatedBytes,
                           updatedAllocatedBytes: max(0, currentAllocatedBytes - bytes))
    }
}
