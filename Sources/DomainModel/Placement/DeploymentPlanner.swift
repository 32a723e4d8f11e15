/// Chooses a host and a primary storage pool for a VM: a pure function from a request and a capacity
/// snapshot to a placement, or to a failure that gives the reason for every host it considered.
///
/// **Hosts considered** are the hosts of the request's zone inside every pin given (`hostId`, `podId`,
/// `clusterId`); a pin that names something missing or outside the zone fails the request with a problem.
///
/// **A host fits** when: it is not avoided; its zone, pod and cluster are Enabled; its status is Up; its
/// resource state is Enabled; it has at least the requested number of cores, each at least as fast as
/// requested; its free CPU (cores × MHz × `cpu` factor − allocated) and free memory (total × `memory`
/// factor − allocated) cover the request; and a pool it reaches has room for the disks (see below).
///
/// **Pools**: a host reaches the cluster-scoped pools of its cluster and the zone-scoped pools of its zone.
/// A pool qualifies when it is Up, not avoided, and capacity × `storage` factor − allocated ≥ the disks'
/// bytes; with `volumePoolId` only that pool may be used. All of a VM's new disks go to one pool. Among
/// qualifying pools the planner takes cluster-scoped before zone-scoped ones (as CloudStack asks its
/// cluster-scope allocator first), then the most free space, then the name, then the id.
///
/// **Host order** (deterministic): the last host (`lastHostId`) first when it fits; then most free memory,
/// then most free CPU, then host name, then id — so VMs spread over the hosts with most room.
public enum DeploymentPlanner {
    /// The placement for `request` in `snapshot`, or a failure with a reason for every host considered.
    public static func plan(_ request: PlacementRequest, _ snapshot: CapacitySnapshot) -> PlacementResult {
        guard let zone = snapshot.zones.first(where: { $0.id == request.zoneId }) else {
            return .failed(PlacementFailure(zoneId: request.zoneId, zoneName: request.zoneId, problems: ["zone \(request.zoneId) not found"], rejections: []))
        }
        func fail(_ problem: String) -> PlacementResult {
            .failed(PlacementFailure(zoneId: zone.id, zoneName: zone.name, problems: [problem], rejections: []))
        }

        var candidates = snapshot.hosts.filter { $0.zoneId == zone.id }
        var pins: [String] = []
        if let hostId = request.hostId {
            guard let host = snapshot.hosts.first(where: { $0.id == hostId }) else { return fail("host \(hostId) not found") }
            guard host.zoneId == zone.id else { return fail("host \(host.name) is not in zone \(zone.name)") }
            candidates = [host]
            pins.append("host \(host.name)")
        }
        if let podId = request.podId {
            guard let pod = snapshot.pods.first(where: { $0.id == podId }), pod.zoneId == zone.id else {
                return fail("pod \(podId) not found in zone \(zone.name)")
            }
            candidates = candidates.filter { $0.podId == podId }
            pins.append("pod \(pod.name)")
        }
        if let clusterId = request.clusterId {
            guard let cluster = snapshot.clusters.first(where: { $0.id == clusterId }), cluster.zoneId == zone.id else {
                return fail("cluster \(clusterId) not found in zone \(zone.name)")
            }
            candidates = candidates.filter { $0.clusterId == clusterId }
            pins.append("cluster \(cluster.name)")
        }
        if candidates.isEmpty {
            return fail(pins.isEmpty ? "zone \(zone.name) has no hosts" : "no host matches the requested " + pins.joined(separator: " and "))
        }
        if let poolId = request.volumePoolId, !snapshot.pools.contains(where: { $0.id == poolId }) {
            return fail("pool \(poolId), which holds the VM's volumes, not found")
        }

        var fitting: [Fit] = []
        var rejections: [HostRejection] = []
        for host in candidates.sorted(by: { ($0.name, $0.id) < ($1.name, $1.id) }) {
            switch evaluate(host, zone: zone, request: request, snapshot: snapshot) {
            case .fits(let fit): fitting.append(fit)
            case .rejected(let reasons): rejections.append(HostRejection(hostId: host.id, hostName: host.name, reasons: reasons))
            }
        }

        let factors = snapshot.factors
        let ranked = fitting.sorted { a, b in
            let aLast = a.host.id == request.lastHostId, bLast = b.host.id == request.lastHostId
            if aLast != bLast { return aLast }
            let aMemory = a.host.memoryFreeBytes(factors), bMemory = b.host.memoryFreeBytes(factors)
            if aMemory != bMemory { return aMemory > bMemory }
            let aCPU = a.host.cpuFreeMHz(factors), bCPU = b.host.cpuFreeMHz(factors)
            if aCPU != bCPU { return aCPU > bCPU }
            return (a.host.name, a.host.id) < (b.host.name, b.host.id)
        }
        guard let best = ranked.first,
              let hostReservation = CapacityReservation.reserve(
                  cpuMHz: request.cpuNeededMHz, memoryBytes: request.memoryNeededBytes, on: best.host, factors: factors),
              let storageReservation = StorageReservation.reserve(bytes: request.storageNeededBytes, on: best.pool, factors: factors)
        else {
            return .failed(PlacementFailure(zoneId: zone.id, zoneName: zone.name, problems: [], rejections: rejections))
        }
        return .placed(Placement(
            hostId: best.host.id, hostName: best.host.name, podId: best.cluster.podId, clusterId: best.cluster.id,
            poolId: best.pool.id, poolName: best.pool.name, hostReservation: hostReservation,
            storageReservation: storageReservation, passedOver: rejections))
    }

    /// A host that fits, with its cluster and the pool chosen for it.
    struct Fit {
        var host: CapacitySnapshot.HostCapacity
        var cluster: CapacitySnapshot.ClusterEntry
        var pool: CapacitySnapshot.PoolCapacity
    }

    enum Verdict {
        case fits(Fit)
        case rejected([HostRejection.Reason])
    }

    static func evaluate(_ host: CapacitySnapshot.HostCapacity, zone: CapacitySnapshot.ZoneEntry, request: PlacementRequest,
                         snapshot: CapacitySnapshot) -> Verdict {
        if request.avoidHostIds.contains(host.id) { return .rejected([.avoided]) }
        if zone.allocationState != .enabled { return .rejected([.zoneDisabled(zone: zone.name)]) }
        guard let podId = host.podId, let pod = snapshot.pods.first(where: { $0.id == podId }),
              let clusterId = host.clusterId, let cluster = snapshot.clusters.first(where: { $0.id == clusterId }) else {
            return .rejected([.notInCluster])
        }
        if pod.allocationState != .enabled { return .rejected([.podDisabled(pod: pod.name)]) }
        if cluster.allocationState != .enabled { return .rejected([.clusterDisabled(cluster: cluster.name)]) }
        if host.status != .up { return .rejected([.status(host.status)]) }
        if host.resourceState != .enabled { return .rejected([.resourceState(host.resourceState)]) }
        if host.cpuNumber < request.cpuNumber { return .rejected([.tooFewCores(has: host.cpuNumber, needed: request.cpuNumber)]) }
        if host.cpuSpeedMHz < Int64(request.cpuSpeed) {
            return .rejected([.cpuTooSlow(hasMHz: host.cpuSpeedMHz, neededMHz: Int64(request.cpuSpeed))])
        }

        let factors = snapshot.factors
        var reasons: [HostRejection.Reason] = []
        let cpuFree = host.cpuFreeMHz(factors)
        if cpuFree < request.cpuNeededMHz { reasons.append(.insufficientCPU(freeMHz: cpuFree, neededMHz: request.cpuNeededMHz)) }
        let memoryFree = host.memoryFreeBytes(factors)
        if memoryFree < request.memoryNeededBytes {
            reasons.append(.insufficientMemory(freeBytes: memoryFree, neededBytes: request.memoryNeededBytes))
        }
        switch choosePool(for: cluster, request: request, snapshot: snapshot) {
        case .success(let pool):
            if reasons.isEmpty { return .fits(Fit(host: host, cluster: cluster, pool: pool)) }
        case .failure(let shortage):
            reasons.append(shortage.reason)
        }
        return .rejected(reasons)
    }

    /// The pool for a VM's disks on a host of `cluster`, or why there is none.
    static func choosePool(for cluster: CapacitySnapshot.ClusterEntry, request: PlacementRequest,
                           snapshot: CapacitySnapshot) -> Result<CapacitySnapshot.PoolCapacity, PoolShortage> {
        let factors = snapshot.factors
        let needed = request.storageNeededBytes
        let reachable = snapshot.pools.filter { $0.isReachable(fromCluster: cluster.id, zoneId: cluster.zoneId) }
        var eligible = reachable
        if let poolId = request.volumePoolId {
            guard let pool = reachable.first(where: { $0.id == poolId }) else {
                let name = snapshot.pools.first(where: { $0.id == poolId })?.name ?? poolId
                return .failure(PoolShortage(.volumePoolUnreachable(pool: name)))
            }
            eligible = [pool]
        }
        var rejected: [PoolRejection] = []
        var usable: [CapacitySnapshot.PoolCapacity] = []
        for pool in eligible.sorted(by: { ($0.name, $0.id) < ($1.name, $1.id) }) {
            let free = pool.freeBytes(factors)
            if !pool.isUp {
                rejected.append(PoolRejection(poolId: pool.id, poolName: pool.name, reason: .notUp(pool.state)))
            } else if request.avoidPoolIds.contains(pool.id) {
                rejected.append(PoolRejection(poolId: pool.id, poolName: pool.name, reason: .avoided))
            } else if needed > 0 && free < needed {
                rejected.append(PoolRejection(poolId: pool.id, poolName: pool.name, reason: .insufficientSpace(freeBytes: free)))
            } else {
                usable.append(pool)
            }
        }
        let best = usable.min { a, b in
            if a.scope != b.scope { return a.scope == .cluster }
            let aFree = a.freeBytes(factors), bFree = b.freeBytes(factors)
            if aFree != bFree { return aFree > bFree }
            return (a.name, a.id) < (b.name, b.id)
        }
        if let best { return .success(best) }
        return .failure(PoolShortage(.insufficientStorage(cluster: cluster.name, neededBytes: needed, pools: rejected)))
    }

    /// A storage reason wrapped as an error for `Result`.
    struct PoolShortage: Error {
        var reason: HostRejection.Reason
        init(_ reason: HostRejection.Reason) { self.reason = reason }
    }
}
