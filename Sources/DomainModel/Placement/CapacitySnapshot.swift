/// Everything the planner looks at, read once before planning: the zone's pods, clusters and their
/// allocation states, its hosts with what is already allocated on them, its primary storage pools, and the
/// overprovisioning factors.
///
/// "Allocated" figures include the VMs placed on a host (Starting, Running, Stopping, Migrating) and the
/// reservations of deployments still in flight; the persistence side keeps them in the host and pool rows
/// and moves them only with compare-and-set updates (see `CapacityReservation`).
public struct CapacitySnapshot: Sendable, Equatable {
    public var zones: [ZoneEntry]
    public var pods: [PodEntry]
    public var clusters: [ClusterEntry]
    public var hosts: [HostCapacity]
    public var pools: [PoolCapacity]
    public var factors: OverprovisioningFactors

    public init(
        zones: [ZoneEntry],
        pods: [PodEntry],
        clusters: [ClusterEntry],
        hosts: [HostCapacity],
        pools: [PoolCapacity],
        factors: OverprovisioningFactors
    ) {
        self.zones = zones
        self.pods = pods
        self.clusters = clusters
        self.hosts = hosts
        self.pools = pools
        self.factors = factors
    }
}

extension CapacitySnapshot {
    /// A zone as the planner sees it.
    public struct ZoneEntry: Sendable, Equatable {
        public var id: String
        public var name: String
        public var allocationState: AllocationState = .enabled

        public init(
            id: String,
            name: String,
            allocationState: AllocationState = .enabled
        ) {
            self.id = id
            self.name = name
            self.allocationState = allocationState
        }
    }

    /// A pod as the planner sees it.
    public struct PodEntry: Sendable, Equatable {
        public var id: String
        public var name: String
        public var zoneId: String
        public var allocationState: AllocationState = .enabled

        public init(
            id: String,
            name: String,
            zoneId: String,
            allocationState: AllocationState = .enabled
        ) {
            self.id = id
            self.name = name
            self.zoneId = zoneId
            self.allocationState = allocationState
        }
    }

    /// A cluster as the planner sees it.
    public struct ClusterEntry: Sendable, Equatable {
        public var id: String
        public var name: String
        public var zoneId: String
        public var podId: String
        public var allocationState: AllocationState = .enabled

        public init(
            id: String,
            name: String,
            zoneId: String,
            podId: String,
            allocationState: AllocationState = .enabled
        ) {
            self.id = id
            self.name = name
            self.zoneId = zoneId
            self.podId = podId
            self.allocationState = allocationState
        }
    }

    /// A host's state, size and what is already allocated on it.
    public struct HostCapacity: Sendable, Equatable {
        public var id: String
        public var name: String
        public var zoneId: String
        public var podId: String?
        public var clusterId: String?
        public var status: HostStatus
        public var resourceState: HostResourceState
        public var cpuNumber: Int
        /// MHz per core.
        public var cpuSpeedMHz: Int64
        public var totalMemoryBytes: Int64
        public var cpuAllocatedMHz: Int64 = 0
        public var memoryAllocatedBytes: Int64 = 0

        public init(
            id: String,
            name: String,
            zoneId: String,
            podId: String? = nil,
            clusterId: String? = nil,
            status: HostStatus,
            resourceState: HostResourceState,
            cpuNumber: Int,
            cpuSpeedMHz: Int64,
            totalMemoryBytes: Int64,
            cpuAllocatedMHz: Int64 = 0,
            memoryAllocatedBytes: Int64 = 0
        ) {
            self.id = id
            self.name = name
            self.zoneId = zoneId
            self.podId = podId
            self.clusterId = clusterId
            self.status = status
            self.resourceState = resourceState
            self.cpuNumber = cpuNumber
            self.cpuSpeedMHz = cpuSpeedMHz
            self.totalMemoryBytes = totalMemoryBytes
            self.cpuAllocatedMHz = cpuAllocatedMHz
            self.memoryAllocatedBytes = memoryAllocatedBytes
        }
    }

    /// A primary storage pool's reach, state and space.
    public struct PoolCapacity: Sendable, Equatable {
        public var id: String
        public var name: String
        public var scope: PoolScope
        public var zoneId: String
        public var podId: String?
        /// The cluster of a cluster-scoped pool.
        public var clusterId: String?
        /// `Up` when usable; any other state (`Maintenance`, `Disabled`, `Initialized`…) keeps it out.
        public var state: StoragePoolState
        public var capacityBytes: Int64
        /// Bytes promised to volumes on the pool (their virtual sizes).
        public var allocatedBytes: Int64 = 0

        public init(
            id: String,
            name: String,
            scope: PoolScope,
            zoneId: String,
            podId: String? = nil,
            clusterId: String? = nil,
            state: StoragePoolState,
            capacityBytes: Int64,
            allocatedBytes: Int64 = 0
        ) {
            self.id = id
            self.name = name
            self.scope = scope
            self.zoneId = zoneId
            self.podId = podId
            self.clusterId = clusterId
            self.state = state
            self.capacityBytes = capacityBytes
            self.allocatedBytes = allocatedBytes
        }
    }

    /// Which hosts reach a pool: those of one cluster, or all of a zone.
    public enum PoolScope: String, Sendable, Equatable, CaseIterable {
        case cluster = "CLUSTER"
        case zone = "ZONE"
    }
}

extension CapacitySnapshot.ZoneEntry {
    public init(_ zone: Zone) {
        self.init(id: zone.id, name: zone.name, allocationState: zone.allocationState)
    }
}

extension CapacitySnapshot.PodEntry {
    public init(_ pod: Pod) {
        self.init(id: pod.id, name: pod.name, zoneId: pod.zoneId, allocationState: pod.allocationState)
    }
}

extension CapacitySnapshot.ClusterEntry {
    public init(_ cluster: Cluster) {
        self.init(id: cluster.id, name: cluster.name, zoneId: cluster.zoneId, podId: cluster.podId, allocationState: cluster.allocationState)
    }
}

extension CapacitySnapshot.HostCapacity {
    /// The figures of a stored host with what is allocated on it.
    public init(_ host: HypervisorHost, cpuAllocatedMHz: Int64, memoryAllocatedBytes: Int64) {
        self.init(
            id: host.id, name: host.name, zoneId: host.zoneId, podId: host.podId, clusterId: host.clusterId,
            status: host.status, resourceState: host.resourceState, cpuNumber: host.cpuNumber, cpuSpeedMHz: host.cpuSpeed,
            totalMemoryBytes: host.totalMemory, cpuAllocatedMHz: cpuAllocatedMHz, memoryAllocatedBytes: memoryAllocatedBytes)
    }

    /// CPU capacity: cores × MHz × the CPU factor.
    public func cpuCapacityMHz(_ factors: OverprovisioningFactors) -> Int64 {
        OverprovisioningFactors.scaled(Int64(cpuNumber) * cpuSpeedMHz, by: factors.cpu)
    }

    /// Memory capacity: total memory × the memory factor.
    public func memoryCapacityBytes(_ factors: OverprovisioningFactors) -> Int64 {
        OverprovisioningFactors.scaled(totalMemoryBytes, by: factors.memory)
    }

    /// CPU left to allocate; negative when the host is over-committed (e.g. after a factor was lowered).
    public func cpuFreeMHz(_ factors: OverprovisioningFactors) -> Int64 { cpuCapacityMHz(factors) - cpuAllocatedMHz }

    /// Memory left to allocate; negative when over-committed.
    public func memoryFreeBytes(_ factors: OverprovisioningFactors) -> Int64 { memoryCapacityBytes(factors) - memoryAllocatedBytes }
}

extension CapacitySnapshot.PoolCapacity {
    /// The figures of a stored pool; nil when its scope is neither `CLUSTER` nor `ZONE`.
    public init?(_ pool: StoragePool) {
        guard let scope = CapacitySnapshot.PoolScope(rawValue: pool.scope.uppercased()) else { return nil }
        self.init(
            id: pool.id, name: pool.name, scope: scope, zoneId: pool.zoneId, podId: pool.podId, clusterId: pool.clusterId,
            state: pool.state, capacityBytes: pool.capacityBytes, allocatedBytes: pool.allocatedBytes)
    }

    /// True when the pool takes new volumes.
    public var isUp: Bool { state == .up }

    /// Space left to allocate: capacity × the storage factor − allocated; negative when over-committed.
    public func freeBytes(_ factors: OverprovisioningFactors) -> Int64 {
        OverprovisioningFactors.scaled(capacityBytes, by: factors.storage) - allocatedBytes
    }

    /// True when a host of `clusterId` in `zoneId` reaches the pool.
    public func isReachable(fromCluster clusterId: String, zoneId: String) -> Bool {
        switch scope {
        case .cluster: self.clusterId == clusterId && self.zoneId == zoneId
        case .zone: self.zoneId == zoneId
        }
    }
}

extension CapacitySnapshot {
    /// Records a reservation (or release) as the persistence side will, so a caller placing several VMs
    /// from one snapshot sees the capacity the earlier ones took.
    public mutating func apply(_ reservation: CapacityReservation) {
        guard let index = hosts.firstIndex(where: { $0.id == reservation.hostId }) else { return }
        hosts[index].cpuAllocatedMHz = reservation.updated.cpuMHz
        hosts[index].memoryAllocatedBytes = reservation.updated.memoryBytes
    }

    /// Records a storage reservation (or release).
    public mutating func apply(_ reservation: StorageReservation) {
        guard let index = pools.firstIndex(where: { $0.id == reservation.poolId }) else { return }
        pools[index].allocatedBytes = reservation.updatedAllocatedBytes
    }

    /// Records both reservations of a placement.
    public mutating func apply(_ placement: Placement) {
        apply(placement.hostReservation)
        apply(placement.storageReservation)
    }
}
