import DomainModel
import Hypervisor
import HypervisorSimulator
import OrchestrationTestSupport
import Persistence
import Testing

/// `deployVirtualMachine`'s workflow end to end on a simulated host: placement and capacity, the address,
/// the ROOT disk on primary storage, the DHCP reservation and the running domain.
@Suite("Deploying a VM")
struct DeploymentTests {
    @Test func deployedVMRunsOnTheHostWithItsCapacityAddressAndDisk() async throws {
        try await withTestZone { test, zone in
            #expect(try await test.allocation(of: zone.hostId) == CapacityAllocation(id: zone.hostId))

            let vm = try await test.deploy("web-1", in: zone)

            #expect(vm.state == .running)
            #expect(vm.hostId == zone.hostId)
            let host = try await test.allocation(of: zone.hostId)
            #expect(host.cpuMHz == 500)
            #expect(host.memoryBytes == 512 << 20)
            #expect(try await test.allocation(of: zone.poolId).storageBytes == TestZone.templateBytes)

            let nics = try await test.liveNics(of: vm.id)
            #expect(nics.count == 1)
            let nic = try #require(nics.first)
            #expect(nic.ipAddress == TestZone.firstAddress)
            #expect(nic.networkId == zone.networkId)

            let root = try await test.rootVolume(of: vm.id)
            #expect(root.state == .ready)
            #expect(root.poolId == zone.poolId)
            let file = try #require(root.path)
            let files = try await test.agent.volumeNames(onPool: zone.poolId)
            #expect(files.contains(file))
            #expect(files.contains("template-\(zone.templateId)"), "the ROOT disk is an overlay on the pool's copy of the template")

            #expect(test.agent.runs(vm.instanceName))
            let domain = try #require(test.agent.driver.domainSpec(vm.instanceName))
            #expect(domain.vcpus == 1)
            #expect(domain.memoryMiB == 512)
            #expect(domain.interfaces.map(\.mac) == [nic.macAddress])
            #expect(await eventually {
                test.agent.dhcpReservations(onNetwork: zone.networkId)?.contains { $0.mac == nic.macAddress && $0.ip == nic.ipAddress } == true
            }, "the host's DHCP hands the VM its address")
            #expect(try await test.events("VM.START", about: vm.id).map(\.description) == [
                "Starting VM web-1 on host sim-host-1, disks on primary-1", "Started VM web-1 on host sim-host-1",
            ])
        }
    }

    @Test func secondVMGetsTheNextAddressAndAddsToTheHostsAllocation() async throws {
        try await withTestZone { test, zone in
            let first = try await test.deploy("web-1", in: zone)
            let second = try await test.deploy("web-2", in: zone)

            #expect(second.state == .running)
            let addresses = try await [first, second].asyncMap { try await test.liveNics(of: $0.id).first?.ipAddress }
            #expect(addresses == [TestZone.firstAddress, "198.18.20.11"])
            #expect(try await test.allocation(of: zone.hostId).memoryBytes == 2 * (512 << 20))
            #expect(test.agent.runs(first.instanceName) && test.agent.runs(second.instanceName))
        }
    }
}

extension Array {
    func asyncMap<T>(_ transform: (Element) async throws -> T) async rethrows -> [T] {
        var mapped: [T] = []
        for element in self { mapped.append(try await transform(element)) }
        return mapped
    }
}
