/// A change of a host's allocated CPU and memory as a compare-and-set: the figures expected now and the
/// figures to write, so that concurrent deployments never over-commit a host.
///
/// The persistence side runs
/// `UPDATE host SET cpu_allocated = updated.cpuMHz, memory_allocated = updated.memoryBytes
///  WHERE id = hostId AND cpu_allocated = expected.cpuMHz AND memory_allocated = expected.memoryBytes`.
/// One row changed: the reservation holds. No row: another writer moved the figures first — re-read the
/// host, call `reserve` again on the fresh figures (which re-checks the fit) and retry, or plan again
/// when it no longer fits.
public struct CapacityReservation: Sendable, Equatable {
    public var hostId: String
    /// The guard: what the row must still hold.
    public var expected: HostAllocation
    /// What the row is set to.
    public var updated: HostAllocation

    public init(hostId: String, expected: HostAllocation, updated: HostAllocation) {
        self.hostId = hostId
        self.expected = expected
        self.updated = updated
    }

    /// Reserves `cpuMHz` and `memoryBytes` on `host`, or nil when they do not fit in what is left under `factors`.
    public static func reserve(cpuMHz: Int64, memoryBytes: Int64, on host: CapacitySnapshot.HostCapacity,
                               factors: OverprovisioningFactors) -> CapacityReservation? {
        guard cpuMHz <= host.cpuFreeMHz(factors), memoryBytes <= host.memoryFreeBytes(factors) else { return nil }
        let current = HostAllocation(cpuMHz: host.cpuAllocatedMHz, memoryBytes: host.memoryAllocatedBytes)
        return CapacityReservation(
            hostId: host.id, expected: current,
            updated: HostAllocation(cpuMHz: current.cpuMHz + cpuMHz, memoryBytes: current.memoryBytes + memoryBytes))
    }

    /// Gives back what a VM held on a host (it stopped, or its deployment failed). Figures never go below
    /// zero, so a release repeated after a crash cannot drive them negative.
    public static func release(cpuMHz: Int64, memoryBytes: Int64, hostId: String, current: HostAllocation) -> CapacityReservation {
        CapacityReservation(
            hostId: hostId, expected: current,
            updated: HostAllocation(cpuMHz: max(0, current.cpuMHz - cpuMHz), memoryBytes: max(0, current.memoryBytes - memoryBytes)))
    }
}
