import DomainModel
import Testing

@Suite("Deployment planner")
struct DeploymentPlannerTests {
    typealias F = PlannerFixtures
    static let gib = PlannerFixtures.gib
    static let mib = PlannerFixtures.mib

    // MARK: fitting and ordering

    @Test func placesOnAFittingHostAndPool() throws {
        let placement = try DeploymentPlanner.plan(F.request(), F.snapshot()).get()
        #expect(placement.hostName == "kvm1")
        #expect(placement.clusterId == "c1" && placement.podId == "p1")
        #expect(placement.poolName == "P1")
        #expect(placement.hostReservation == CapacityReservation(
            hostId: "id-kvm1", expected: HostAllocation(cpuMHz: 0, memoryBytes: 0),
            updated: HostAllocation(cpuMHz: 1000, memoryBytes: 1024 * Self.mib)))
        #expect(placement.storageReservation == StorageReservation(poolId: "id-P1", expectedAllocatedBytes: 0, updatedAllocatedBytes: 20 * Self.gib))
        #expect(placement.passedOver.isEmpty)
    }

    @Test func prefersMostFreeMemoryThenCPUThenName() throws {
        let hosts = [
            F.host("kvm1", memoryAllocatedMiB: 2048),
            F.host("kvm2", cpuAllocated: 1000),
            F.host("kvm3", cluster: "c2", pod: "p2"),
        ]
        // kvm2 and kvm3 tie on memory; kvm3 has more CPU free.
        #expect(try DeploymentPlanner.plan(F.request(), F.snapshot(hosts: hosts)).get().hostName == "kvm3")
        // Full ties fall to the name.
        let tied = [F.host("kvm-b"), F.host("kvm-a"), F.host("kvm-c")]
        #expect(try DeploymentPlanner.plan(F.request(), F.snapshot(hosts: tied)).get().hostName == "kvm-a")
    }

    @Test func lastHostFirstWhenItFits() throws {
        let hosts = [F.host("kvm1"), F.host("kvm2", memoryAllocatedMiB: 4096)]
        #expect(try DeploymentPlanner.plan(F.request(lastHostId: "id-kvm2"), F.snapshot(hosts: hosts)).get().hostName == "kvm2")
        let full = [F.host("kvm1"), F.host("kvm2", memoryAllocatedMiB: 8192)]
        #expect(try DeploymentPlanner.plan(F.request(lastHostId: "id-kvm2"), F.snapshot(hosts: full)).get().hostName == "kvm1")
    }

    @Test func passedOverHostsAreReported() throws {
        let hosts = [F.host("kvm1", status: .disconnected), F.host("kvm2")]
        let placement = try DeploymentPlanner.plan(F.request(), F.snapshot(hosts: hosts)).get()
        #expect(placement.hostName == "kvm2")
        #expect(placement.passedOver.map(\.description) == ["host kvm1: Disconnected"])
    }

    // MARK: one reason per rejected host

    static let rejectionCases: [(String, CapacitySnapshot.HostCapacity, [CapacitySnapshot.PoolCapacity], PlacementRequest, String)] = [
        ("disconnected", F.host("kvm1", status: .disconnected), F.defaultPools, F.request(), "host kvm1: Disconnected"),
        ("alert", F.host("kvm1", status: .alert), F.defaultPools, F.request(), "host kvm1: Alert"),
        ("connecting", F.host("kvm1", status: .connecting), F.defaultPools, F.request(), "host kvm1: Connecting"),
        ("maintenance", F.host("kvm1", resourceState: .maintenance), F.defaultPools, F.request(), "host kvm1: in Maintenance"),
        ("prepare", F.host("kvm1", resourceState: .prepareForMaintenance), F.defaultPools, F.request(), "host kvm1: in PrepareForMaintenance"),
        ("disabled", F.host("kvm1", resourceState: .disabled), F.defaultPools, F.request(), "host kvm1: Disabled"),
        ("memory", F.host("kvm1", memoryAllocatedMiB: 7680), F.defaultPools, F.request(), "host kvm1: 512 MB memory free, 1024 MB needed"),
        ("cpu", F.host("kvm1", cpuAllocated: 7500), F.defaultPools, F.request(), "host kvm1: 500 MHz CPU free, 1000 MHz needed"),
        ("cpu and memory", F.host("kvm1", cpuAllocated: 7500, memoryAllocatedMiB: 7680), F.defaultPools, F.request(),
         "host kvm1: 500 MHz CPU free, 1000 MHz needed and 512 MB memory free, 1024 MB needed"),
        ("cores", F.host("kvm1"), F.defaultPools, F.request(cpus: 8), "host kvm1: 4 CPU cores, 8 needed"),
        ("speed", F.host("kvm1"), F.defaultPools, F.request(speed: 3000), "host kvm1: CPU speed 2000 MHz, 3000 MHz needed"),
        ("storage", F.host("kvm1"), [F.pool("P1", allocatedGiB: 95)], F.request(),
         "host kvm1: no primary storage in cluster C1 has 20 GB free (pool P1: 5 GB free)"),
        ("root and data", F.host("kvm1"), [F.pool("P1", allocatedGiB: 75)], F.request(dataGiB: 10),
         "host kvm1: no primary storage in cluster C1 has 30 GB free (pool P1: 25 GB free)"),
        ("pool down", F.host("kvm1"), [F.pool("P1", state: .maintenance), F.pool("P0", allocatedGiB: 99)], F.request(),
         "host kvm1: no primary storage in cluster C1 has 20 GB free (pool P0: 1 GB free, pool P1: Maintenance)"),
        ("no pools", F.host("kvm1"), [F.pool("P2", cluster: "c2")], F.request(), "host kvm1: no primary storage in cluster C1"),
        ("avoided pool", F.host("kvm1"), [F.pool("P1")], F.request(avoidPools: ["id-P1"]),
         "host kvm1: no primary storage in cluster C1 has 20 GB free (pool P1: avoided after an earlier failure)"),
        ("avoided host", F.host("kvm1"), F.defaultPools, F.request(avoidHosts: ["id-kvm1"]), "host kvm1: avoided after an earlier failure"),
        ("memory and storage", F.host("kvm1", memoryAllocatedMiB: 8192), [F.pool("P1", allocatedGiB: 95)], F.request(),
         "host kvm1: 0 MB memory free, 1024 MB needed and no primary storage in cluster C1 has 20 GB free (pool P1: 5 GB free)"),
        ("unknown cluster", F.host("kvm1", cluster: "c404"), F.defaultPools, F.request(), "host kvm1: not in a known pod and cluster"),
        ("gate before capacity", F.host("kvm1", status: .disconnected, memoryAllocatedMiB: 8192), F.defaultPools, F.request(),
         "host kvm1: Disconnected"),
    ]

    @Test(arguments: rejectionCases)
    func rejectionReason(label: String, host: CapacitySnapshot.HostCapacity, pools: [CapacitySnapshot.PoolCapacity],
                         request: PlacementRequest, reason: String) {
        let result = DeploymentPlanner.plan(request, F.snapshot(hosts: [host], pools: pools))
        guard let failure = result.failure else {
            Issue.record("\(label): expected a failure, got \(result)")
            return
        }
        #expect(failure.rejections.map(\.description) == [reason], "\(label)")
        #expect(failure.message == "Unable to place the VM in zone Z1 (1 host considered): " + reason)
        #expect(failure.domainError == .insufficientCapacity(failure.message))
    }

    @Test func reasonsAreData() {
        let failure = DeploymentPlanner.plan(F.request(), F.snapshot(hosts: [F.host("kvm1", memoryAllocatedMiB: 7680)])).failure
        #expect(failure?.rejections == [HostRejection(hostId: "id-kvm1", hostName: "kvm1",
                                                      reasons: [.insufficientMemory(freeBytes: 512 * Self.mib, neededBytes: 1024 * Self.mib)])])
    }

    @Test func everyConsideredHostGetsAReason() {
        let hosts = [
            F.host("kvm3", cluster: "c2", pod: "p2", resourceState: .maintenance),
            F.host("kvm1", status: .disconnected),
            F.host("kvm2", memoryAllocatedMiB: 7680),
            F.host("elsewhere", cluster: "c9", pod: "p9", zone: "z2"),
        ]
        let failure = DeploymentPlanner.plan(F.request(), F.snapshot(hosts: hosts)).failure
        #expect(failure?.rejections.map(\.hostName) == ["kvm1", "kvm2", "kvm3"])
        #expect(failure?.message == "Unable to place the VM in zone Z1 (3 hosts considered): host kvm1: Disconnected; "
            + "host kvm2: 512 MB memory free, 1024 MB needed; host kvm3: in Maintenance")
    }

    // MARK: allocation states

    @Test func disabledZonePodCluster() {
        let zone = DeploymentPlanner.plan(F.request(), F.snapshot(zone: .disabled)).failure
        #expect(zone?.rejections.map(\.description) == ["host kvm1: zone Z1 is Disabled", "host kvm2: zone Z1 is Disabled", "host kvm3: zone Z1 is Disabled"])

        let pod = DeploymentPlanner.plan(F.request(), F.snapshot(pod1: .disabled))
        #expect(pod.placement?.hostName == "kvm3")
        #expect(pod.placement?.passedOver.map(\.description) == ["host kvm1: pod P1 is Disabled", "host kvm2: pod P1 is Disabled"])

        let cluster = DeploymentPlanner.plan(F.request(clusterId: "c1"), F.snapshot(cluster1: .disabled)).failure
        #expect(cluster?.message == "Unable to place the VM in zone Z1 (2 hosts considered): host kvm1: cluster C1 is Disabled; host kvm2: cluster C1 is Disabled")
    }

    // MARK: pins

    @Test func hostPinWinsOverBetterHosts() throws {
        let hosts = [F.host("kvm1"), F.host("kvm2", memoryAllocatedMiB: 4096)]
        let placement = try DeploymentPlanner.plan(F.request(hostId: "id-kvm2"), F.snapshot(hosts: hosts)).get()
        #expect(placement.hostName == "kvm2")
    }

    @Test func pinnedHostThatDoesNotFitFailsWithoutFallback() {
        let hosts = [F.host("kvm1"), F.host("kvm2", status: .disconnected)]
        let failure = DeploymentPlanner.plan(F.request(hostId: "id-kvm2"), F.snapshot(hosts: hosts)).failure
        #expect(failure?.message == "Unable to place the VM in zone Z1 (1 host considered): host kvm2: Disconnected")
    }

    @Test func podAndClusterPins() throws {
        #expect(try DeploymentPlanner.plan(F.request(podId: "p2"), F.snapshot()).get().hostName == "kvm3")
        #expect(try DeploymentPlanner.plan(F.request(clusterId: "c2"), F.snapshot()).get().hostName == "kvm3")
        let placement = try DeploymentPlanner.plan(F.request(podId: "p1", clusterId: "c1"), F.snapshot(hosts: [F.host("kvm1", memoryAllocatedMiB: 1024), F.host("kvm2")])).get()
        #expect(placement.hostName == "kvm2")
    }

    @Test(arguments: [
        (F.request(hostId: "nope"), "host nope not found"),
        (F.request(hostId: "id-far"), "host far is not in zone Z1"),
        (F.request(podId: "p9"), "pod p9 not found in zone Z1"),
        (F.request(clusterId: "c9"), "cluster c9 not found in zone Z1"),
        (F.request(hostId: "id-kvm1", clusterId: "c2"), "no host matches the requested host kvm1 and cluster C2"),
        (F.request(podId: "p2", clusterId: "c1"), "no host matches the requested pod P2 and cluster C1"),
        (F.request(volumePoolId: "id-gone"), "pool id-gone, which holds the VM's volumes, not found"),
    ])
    func pinProblems(request: PlacementRequest, problem: String) {
        let hosts = F.defaultHosts + [F.host("far", cluster: "c9", pod: "p9", zone: "z2")]
        let failure = DeploymentPlanner.plan(request, F.snapshot(hosts: hosts)).failure
        #expect(failure?.problems == [problem])
        #expect(failure?.rejections == [])
        #expect(failure?.message == "Unable to place the VM in zone Z1: " + problem)
    }

    @Test func unknownZoneAndEmptyZone() {
        var request = F.request()
        request.zoneId = "z404"
        #expect(DeploymentPlanner.plan(request, F.snapshot()).failure?.message == "Unable to place the VM in zone z404: zone z404 not found")
        #expect(DeploymentPlanner.plan(F.request(), F.snapshot(hosts: [])).failure?.message == "Unable to place the VM in zone Z1: zone Z1 has no hosts")
    }

    // MARK: overprovisioning

    @Test func memoryFactor() {
        let request = F.request(memoryMiB: 12_288)
        let hosts = [F.host("kvm1")]
        #expect(DeploymentPlanner.plan(request, F.snapshot(hosts: hosts)).failure?.rejections.map(\.description)
            == ["host kvm1: 8192 MB memory free, 12288 MB needed"])
        let placement = DeploymentPlanner.plan(request, F.snapshot(hosts: hosts, factors: OverprovisioningFactors(memory: 2))).placement
        #expect(placement?.hostReservation.updated.memoryBytes == 12 * Self.gib)
    }

    @Test func cpuFactor() {
        let hosts = [F.host("kvm1", cpuAllocated: 8000)]
        #expect(DeploymentPlanner.plan(F.request(), F.snapshot(hosts: hosts)).failure?.rejections.map(\.description)
            == ["host kvm1: 0 MHz CPU free, 1000 MHz needed"])
        #expect(DeploymentPlanner.plan(F.request(), F.snapshot(hosts: hosts, factors: OverprovisioningFactors(cpu: 1.5))).placement?.hostName == "kvm1")
        // The factor scales capacity, not the per-core speed: a 3000 MHz vCPU still needs a 3000 MHz core.
        #expect(DeploymentPlanner.plan(F.request(speed: 3000), F.snapshot(hosts: [F.host("kvm1")], factors: OverprovisioningFactors(cpu: 4))).failure != nil)
    }

    @Test func storageFactor() {
        let pools = [F.pool("P1", allocatedGiB: 190)]
        let hosts = [F.host("kvm1")]
        #expect(DeploymentPlanner.plan(F.request(), F.snapshot(hosts: hosts, pools: pools)).failure?.rejections.map(\.description)
            == ["host kvm1: no primary storage in cluster C1 has 20 GB free (pool P1: 0 MB free)"])
        let placement = DeploymentPlanner.plan(F.request(), F.snapshot(hosts: hosts, pools: pools, factors: OverprovisioningFactors(storage: 2.5))).placement
        #expect(placement?.storageReservation == StorageReservation(poolId: "id-P1", expectedAllocatedBytes: 190 * Self.gib, updatedAllocatedBytes: 210 * Self.gib))
    }

    // MARK: storage scope

    @Test func zoneWidePoolServesEveryCluster() throws {
        let pools = [F.pool("Z", scope: .zone, cluster: nil)]
        let placement = try DeploymentPlanner.plan(F.request(clusterId: "c2"), F.snapshot(pools: pools)).get()
        #expect(placement.hostName == "kvm3" && placement.poolName == "Z")
    }

    @Test func clusterPoolIsPreferredOverZonePool() throws {
        let pools = [F.pool("Z", scope: .zone, cluster: nil, capacityGiB: 1000), F.pool("P1", capacityGiB: 50)]
        #expect(try DeploymentPlanner.plan(F.request(), F.snapshot(pools: pools)).get().poolName == "P1")
        // …until it is full.
        let full = [F.pool("Z", scope: .zone, cluster: nil, capacityGiB: 1000), F.pool("P1", capacityGiB: 50, allocatedGiB: 40)]
        #expect(try DeploymentPlanner.plan(F.request(), F.snapshot(pools: full)).get().poolName == "Z")
    }

    @Test func mostFreePoolWithinAScope() throws {
        let pools = [F.pool("P1a", allocatedGiB: 50), F.pool("P1b", allocatedGiB: 10), F.pool("P1c", allocatedGiB: 10)]
        #expect(try DeploymentPlanner.plan(F.request(), F.snapshot(pools: pools)).get().poolName == "P1b")
    }

    @Test func clusterPoolDoesNotServeOtherClusters() {
        let pools = [F.pool("P1")]
        let result = DeploymentPlanner.plan(F.request(clusterId: "c2"), F.snapshot(pools: pools))
        #expect(result.failure?.rejections.map(\.description) == ["host kvm3: no primary storage in cluster C2"])
    }

    @Test func startOnThePoolHoldingTheVolumes() throws {
        let request = F.request(rootGiB: 0, volumePoolId: "id-P2")
        let placement = try DeploymentPlanner.plan(request, F.snapshot()).get()
        #expect(placement.hostName == "kvm3" && placement.poolId == "id-P2")
        #expect(placement.storageReservation.updatedAllocatedBytes == placement.storageReservation.expectedAllocatedBytes)
        #expect(placement.passedOver.map(\.description) == [
            "host kvm1: cannot reach pool P2, which holds the VM's volumes",
            "host kvm2: cannot reach pool P2, which holds the VM's volumes",
        ])
    }

    // MARK: reservations applied one after another

    /// Three hosts with room for five 1 GB VMs each; twenty deployments, each applying its reservation before
    /// the next is planned: exactly fifteen are placed, five per host, and five fail with a reason per host.
    @Test func twentyRequestsForFifteenSlots() {
        let hosts = [
            F.host("kvm1", memoryGiB: 5),
            F.host("kvm2", memoryGiB: 5),
            F.host("kvm3", cluster: "c2", pod: "p2", memoryGiB: 5),
        ]
        var snapshot = F.snapshot(hosts: hosts, pools: [F.pool("P1", capacityGiB: 1000), F.pool("P2", cluster: "c2", capacityGiB: 1000)])
        var placements: [Placement] = []
        var failures: [PlacementFailure] = []
        for _ in 0..<20 {
            switch DeploymentPlanner.plan(F.request(rootGiB: 10), snapshot) {
            case .placed(let placement):
                placements.append(placement)
                snapshot.apply(placement)
            case .failed(let failure):
                failures.append(failure)
            }
        }
        #expect(placements.count == 15)
        #expect(failures.count == 5)
        let perHost = Dictionary(grouping: placements, by: \.hostName).mapValues(\.count)
        #expect(perHost == ["kvm1": 5, "kvm2": 5, "kvm3": 5])
        // Spread: the first three land on three different hosts.
        #expect(Set(placements.prefix(3).map(\.hostName)).count == 3)
        for failure in failures {
            #expect(failure.rejections.map(\.description) == [
                "host kvm1: 0 MB memory free, 1024 MB needed",
                "host kvm2: 0 MB memory free, 1024 MB needed",
                "host kvm3: 0 MB memory free, 1024 MB needed",
            ])
        }
        #expect(snapshot.hosts.allSatisfy { $0.memoryAllocatedBytes == 5 * Self.gib && $0.cpuAllocatedMHz == 5000 })
        #expect(snapshot.pools.map(\.allocatedBytes).reduce(0, +) == 150 * Self.gib)
    }
}
