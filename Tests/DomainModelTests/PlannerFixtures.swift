import DomainModel

/// A small cloud for planner tests: zone Z1 with pods P1 and P2; cluster C1 (pod P1) holds kvm1 and kvm2,
/// cluster C2 (pod P2) holds kvm3; each cluster has its own 100 GB pool. Hosts have 4 × 2000 MHz and 8 GB.
enum PlannerFixtures {
    static let gib: Int64 = 1_073_741_824
    static let mib: Int64 = 1_048_576

    static func host(_ name: String, cluster: String = "c1", pod: String = "p1", zone: String = "z1",
                     status: HostStatus = .up, resourceState: HostResourceState = .enabled,
                     cpus: Int = 4, speed: Int64 = 2000, memoryGiB: Int64 = 8,
                     cpuAllocated: Int64 = 0, memoryAllocatedMiB: Int64 = 0) -> CapacitySnapshot.HostCapacity {
        CapacitySnapshot.HostCapacity(
            id: "id-" + name, name: name, zoneId: zone, podId: pod, clusterId: cluster, status: status,
            resourceState: resourceState, cpuNumber: cpus, cpuSpeedMHz: speed, totalMemoryBytes: memoryGiB * gib,
            cpuAllocatedMHz: cpuAllocated, memoryAllocatedBytes: memoryAllocatedMiB * mib)
    }

    static func pool(_ name: String, scope: CapacitySnapshot.PoolScope = .cluster, cluster: String? = "c1",
                     state: StoragePoolState = .up, capacityGiB: Int64 = 100, allocatedGiB: Int64 = 0) -> CapacitySnapshot.PoolCapacity {
        CapacitySnapshot.PoolCapacity(
            id: "id-" + name, name: name, scope: scope, zoneId: "z1", podId: scope == .cluster ? (cluster == "c2" ? "p2" : "p1") : nil,
            clusterId: scope == .cluster ? cluster : nil, state: state, capacityBytes: capacityGiB * gib,
            allocatedBytes: allocatedGiB * gib)
    }

    static let defaultHosts = [host("kvm1"), host("kvm2"), host("kvm3", cluster: "c2", pod: "p2")]
    static let defaultPools = [pool("P1"), pool("P2", cluster: "c2")]

    static func snapshot(hosts: [CapacitySnapshot.HostCapacity] = defaultHosts,
                         pools: [CapacitySnapshot.PoolCapacity] = defaultPools,
                         zone: AllocationState = .enabled, pod1: AllocationState = .enabled,
                         cluster1: AllocationState = .enabled,
                         factors: OverprovisioningFactors = .none) -> CapacitySnapshot {
        CapacitySnapshot(
            zones: [
                .init(id: "z1", name: "Z1", allocationState: zone),
                .init(id: "z2", name: "Z2"),
            ],
            pods: [
                .init(id: "p1", name: "P1", zoneId: "z1", allocationState: pod1),
                .init(id: "p2", name: "P2", zoneId: "z1"),
                .init(id: "p9", name: "P9", zoneId: "z2"),
            ],
            clusters: [
                .init(id: "c1", name: "C1", zoneId: "z1", podId: "p1", allocationState: cluster1),
                .init(id: "c2", name: "C2", zoneId: "z1", podId: "p2"),
                .init(id: "c9", name: "C9", zoneId: "z2", podId: "p9"),
            ],
            hosts: hosts, pools: pools, factors: factors)
    }

    /// 1 vCPU of 1000 MHz, 1024 MB, a 20 GB root disk in zone Z1.
    static func request(cpus: Int = 1, speed: Int = 1000, memoryMiB: Int = 1024, rootGiB: Int64 = 20, dataGiB: Int64 = 0,
                        hostId: String? = nil, podId: String? = nil, clusterId: String? = nil, lastHostId: String? = nil,
                        volumePoolId: String? = nil, avoidHosts: Set<String> = [], avoidPools: Set<String> = []) -> PlacementRequest {
        PlacementRequest(
            zoneId: "z1", cpuNumber: cpus, cpuSpeed: speed, memory: memoryMiB, rootDiskBytes: rootGiB * gib,
            dataDiskBytes: dataGiB * gib, hostId: hostId, podId: podId, clusterId: clusterId, lastHostId: lastHostId,
            volumePoolId: volumePoolId, avoidHostIds: avoidHosts, avoidPoolIds: avoidPools)
    }
}
