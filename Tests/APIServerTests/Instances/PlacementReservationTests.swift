import DomainModel
import Foundation
import Logging
@testable import Orchestration
import Persistence
import Testing

/// Concurrent placements against one database: the compare-and-set reservations never over-commit a
/// host, and a placement that does not fit says why for every host.
@Suite struct PlacementReservationTests {
    /// Runs `body` with the cloud of `cloudWithThreeHosts`, closing its database whatever happens.
    func withThreeHosts(_ body: (Cloud) async throws -> Void) async throws {
        let cloud = try await cloudWithThreeHosts()
        do {
            try await body(cloud)
        } catch {
            await cloud.db.close()
            throw error
        }
        await cloud.db.close()
    }

    /// Three hosts of 2 GiB (1.0 memory factor), VMs of 400 MiB: five fit on each, fifteen in all.
    func cloudWithThreeHosts() async throws -> Cloud {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let db = try await Database.inMemory(logger: logger)
        let cloud = try await Cloud.start(db: db, logger: logger)
        try await db.transaction { store in
            try await store.insert(Zone(id: "z1", name: "Z1", networkType: .advanced, dns1: "198.18.0.53", internalDns1: "198.18.0.53",
                                        allocationState: .enabled), into: Tables.zone)
            try await store.insert(Pod(id: "p1", name: "P1", zoneId: "z1", gateway: "198.18.0.1", netmask: "255.255.255.0"), into: Tables.pod)
            try await store.insert(Cluster(id: "c1", name: "C1", podId: "p1", zoneId: "z1"), into: Tables.cluster)
            for index in 1...3 {
                var host = HypervisorHost(id: "h\(index)", name: "kvm\(index)", zoneId: "z1", podId: "p1", clusterId: "c1", ipAddress: "198.18.0.\(10 + index)",
                                status: .up, resourceState: .enabled)
                host.cpuNumber = 8
                host.cpuSpeed = 2000
                host.totalMemory = 2 * 1_073_741_824
                try await store.insert(host, into: Tables.host)
            }
            try await store.insert(StoragePool(id: "pool1", name: "Primary", zoneId: "z1", podId: "p1", clusterId: "c1", scope: "CLUSTER",
                                               poolType: "NetworkFilesystem", host: "127.0.0.1", path: "/srv", url: "nfs://127.0.0.1/srv",
                                               state: .up, capacityBytes: 1 << 40), into: Tables.storagePool)
        }
        return cloud
    }

    func stoppedVM(_ number: Int, in cloud: Cloud) async throws -> (VirtualMachine, [Volume]) {
        let vm = VirtualMachine(id: "vm\(number)", name: "vm\(number)", displayName: "vm\(number)", instanceName: "i-2-\(number)-VM",
                                accountId: "a", domainId: "d", zoneId: "z1", templateId: "t", serviceOfferingId: "o",
                                cpuNumber: 1, cpuSpeed: 500, memory: 400, guestOsId: "")
        let root = Volume(id: "v\(number)", name: "ROOT-\(number)", accountId: "a", domainId: "d", zoneId: "z1", vmId: vm.id, deviceId: 0,
                          type: .root, sizeBytes: 1_073_741_824)
        try await cloud.db.transaction { store in
            try await store.insert(vm, into: Tables.vmInstance)
            try await store.insert(root, into: Tables.volume)
        }
        return (vm, [root])
    }

    @Test func twentyConcurrentPlacementsOntoRoomForFifteen() async throws {
        try await withThreeHosts { cloud in
            let initiator = try await cloud.agents.system()
            var vms: [(VirtualMachine, [Volume])] = []
            for number in 1...20 { vms.append(try await stoppedVM(number, in: cloud)) }
            let outcomes = await withTaskGroup(of: Result<String, any Error>.self) { group in
                for (vm, volumes) in vms {
                    group.addTask {
                        do {
                            return .success(try await cloud.instances.placement.placeAndReserve(vm, volumes: volumes, pins: .none, by: initiator).placement.hostId)
                        } catch {
                            return .failure(error)
                        }
                    }
                }
                var all: [Result<String, any Error>] = []
                for await outcome in group { all.append(outcome) }
                return all
            }
            let placed = outcomes.compactMap { try? $0.get() }
            #expect(placed.count == 15)
            #expect(Dictionary(grouping: placed, by: { $0 }).mapValues(\.count) == ["h1": 5, "h2": 5, "h3": 5])
            let failures = outcomes.compactMap { outcome -> DomainError? in
                if case .failure(let error) = outcome { return error as? DomainError }
                return nil
            }
            #expect(failures.count == 5)
            for failure in failures {
                guard case .insufficientCapacity(let text) = failure else {
                    Issue.record("expected insufficient capacity, got \(failure)")
                    continue
                }
                #expect(text.contains("kvm1") && text.contains("kvm2") && text.contains("kvm3"))
                #expect(text.contains("memory"))
            }
            for host in ["h1", "h2", "h3"] {
                let allocation = try #require(try await cloud.db.read.find(Tables.capacityAllocation, id: host))
                #expect(allocation.memoryBytes == 5 * 400 * 1_048_576)
                #expect(allocation.cpuMHz == 5 * 500)
            }
            let pool = try #require(try await cloud.db.read.find(Tables.capacityAllocation, id: "pool1"))
            #expect(pool.storageBytes == 15 * 1_073_741_824)
            let starting = try await cloud.db.read.count(Tables.vmInstance, [.equals(.state, .starting)])
            #expect(starting == 15)
        }
    }

    @Test func releasingCapacityLetsTheNextPlacementFit() async throws {
        try await withThreeHosts { cloud in
            let initiator = try await cloud.agents.system()
            var last: ReservedStartProbe?
            for number in 1...15 {
                let (vm, volumes) = try await stoppedVM(number, in: cloud)
                let reserved = try await cloud.instances.placement.placeAndReserve(vm, volumes: volumes, pins: .none, by: initiator)
                last = ReservedStartProbe(hostId: reserved.placement.hostId, vm: reserved.vm)
            }
            let (extra, extraVolumes) = try await stoppedVM(16, in: cloud)
            await #expect(throws: DomainError.self) {
                _ = try await cloud.instances.placement.placeAndReserve(extra, volumes: extraVolumes, pins: .none, by: initiator)
            }
            let freed = try #require(last)
            try await cloud.db.transaction { store in
                try await CapacityLedger.releaseHost(freed.hostId, cpuMHz: freed.vm.cpuNeededMHz, memoryBytes: freed.vm.memoryNeededBytes, in: store)
            }
            let reserved = try await cloud.instances.placement.placeAndReserve(extra, volumes: extraVolumes, pins: .none, by: initiator)
            #expect(reserved.placement.hostId == freed.hostId)
        }
    }

    @Test func pinnedHostThatIsFullIsRefusedWithItsReason() async throws {
        try await withThreeHosts { cloud in
            let initiator = try await cloud.agents.system()
            for number in 1...5 {
                let (vm, volumes) = try await stoppedVM(number, in: cloud)
                _ = try await cloud.instances.placement.placeAndReserve(vm, volumes: volumes, pins: PlacementPins(hostId: "h2"), by: initiator)
            }
            let (vm, volumes) = try await stoppedVM(6, in: cloud)
            do {
                _ = try await cloud.instances.placement.placeAndReserve(vm, volumes: volumes, pins: PlacementPins(hostId: "h2"), by: initiator)
                Issue.record("a sixth VM fitted on a host with room for five")
            } catch let error as DomainError {
                #expect(error.description.contains("kvm2"))
                #expect(!error.description.contains("kvm1"))
            }
        }
    }

    struct ReservedStartProbe {
        var hostId: String
        var vm: VirtualMachine
    }
}
