/// Where a VM goes: a host and a primary storage pool, with the reservations to write for them.
public struct Placement: Sendable, Equatable {
    public var hostId: String
    public var hostName: String
    public var podId: String
    public var clusterId: String
    public var poolId: String
    public var poolName: String
    /// The host's CPU and memory, to reserve with a compare-and-set.
    public var hostReservation: CapacityReservation
    /// The pool's space for the disks to create, to reserve with a compare-and-set.
    public var storageReservation: StorageReservation
    /// The hosts the planner passed over and why, for the job's log.
    public var passedOver: [HostRejection]

    public init(
        hostId: String,
        hostName: String,
        podId: String,
        clusterId: String,
        poolId: String,
        poolName: String,
        hostReservation: CapacityReservation,
        storageReservation: StorageReservation,
        passedOver: [HostRejection]
    ) {
        self.hostId = hostId
        self.hostName = hostName
        self.podId = podId
        self.clusterId = clusterId
        self.poolId = poolId
        self.poolName = poolName
        self.hostReservation = hostReservation
        self.storageReservation = storageReservation
        self.passedOver = passedOver
    }
}
