/// What the management server has promised on one host or one primary storage pool: the CPU and memory
/// of the VMs placed on a host, or the virtual sizes of the volumes placed on a pool.
///
/// These rows are kept apart from the host and pool rows, which agents' reports rewrite, so that the
/// compare-and-set reservations (`CapacityReservation`, `StorageReservation`) only ever race with each other.
/// `id` is the host's or the pool's id; a missing row reads as nothing allocated.
public struct CapacityAllocation: Codable, Sendable, Equatable {
    public var id: String
    public var cpuMHz: Int64
    public var memoryBytes: Int64
    public var storageBytes: Int64

    public init(id: String, cpuMHz: Int64 = 0, memoryBytes: Int64 = 0, storageBytes: Int64 = 0) {
        self.id = id
        self.cpuMHz = cpuMHz
        self.memoryBytes = memoryBytes
        self.storageBytes = storageBytes
    }

    /// The host figures of this row.
    public var hostAllocation: HostAllocation { HostAllocation(cpuMHz: cpuMHz, memoryBytes: memoryBytes) }
}
