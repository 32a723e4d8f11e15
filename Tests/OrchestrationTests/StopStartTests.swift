import AgentProtocol
import DomainModel
import Hypervisor
import HypervisorSimulator
import OrchestrationTestSupport
import Testing

/// Stopping takes a VM off its host and gives back the host's capacity; starting places it again with the
/// address and disk it had.
@Suite("Stopping and starting a VM")
struct StopStartTests {
    @Test func stopReleasesTheHostAndStartBringsTheVMBackWithTheSameAddress() async throws {
        try await withTestZone { test, zone in
            let deployed = try await test.deploy("web-1", in: zone)
            let nic = try #require(try await test.liveNics(of: deployed.id).first)
            let root = try await test.rootVolume(of: deployed.id)

            let stopped = try await test.cloud.instances.stop(vmId: deployed.id, forced: false, by: test.admin)

            #expect(stopped.state == .stopped)
            #expect(stopped.hostId == nil)
            #expect(stopped.lastHostId == zone.hostId)
            #expect(!test.agent.driver.domainNames.contains(deployed.instanceName), "the domain is undefined on the host")
            #expect(test.agent.journal.all.contains(.stopVM(name: deployed.instanceName, force: false, timeoutSeconds: 60)))
            #expect(try await test.allocation(of: zone.hostId) == CapacityAllocation(id: zone.hostId))
            #expect(try await test.allocation(of: zone.poolId).storageBytes == TestZone.templateBytes, "the disk keeps its place")
            #expect(try await test.rootVolume(of: deployed.id).state == .ready)
            #expect(try await test.agent.volumeNames(onPool: zone.poolId).contains(try #require(root.path)))
            #expect(try await test.liveNics(of: deployed.id).map(\.ipAddress) == [nic.ipAddress], "the address is kept while stopped")
            #expect(await eventually {
                test.agent.dhcpReservations(onNetwork: zone.networkId)?.contains { $0.mac == nic.macAddress } == false
            }, "the host's DHCP forgets the stopped VM")

            let started = try await test.cloud.instances.start(vmId: deployed.id, hostId: nil, by: test.admin)

            #expect(started.state == .running)
            #expect(started.hostId == zone.hostId)
            #expect(test.agent.runs(deployed.instanceName))
            #expect(test.agent.journal.startedVMs == [deployed.instanceName, deployed.instanceName])
            #expect(try await test.liveNics(of: deployed.id).map(\.ipAddress) == [nic.ipAddress])
            #expect(try await test.rootVolume(of: deployed.id).path == root.path, "the same disk, not a new one")
            let host = try await test.allocation(of: zone.hostId)
            #expect(host.cpuMHz == 500)
            #expect(host.memoryBytes == 512 << 20)
        }
    }

    @Test func stoppingAStoppedVMChangesNothing() async throws {
        try await withTestZone { test, zone in
            let vm = try await test.deploy("web-1", in: zone)
            _ = try await test.cloud.instances.stop(vmId: vm.id, forced: false, by: test.admin)
            let mac = try #require(try await test.liveNics(of: vm.id).first?.macAddress)
            // The stop's DHCP update is sent after it answers; let it land before counting commands.
            #expect(await eventually { test.agent.dhcpReservations(onNetwork: zone.networkId)?.contains { $0.mac == mac } == false })
            let commands = test.agent.journal.all.count

            let again = try await test.cloud.instances.stop(vmId: vm.id, forced: false, by: test.admin)

            #expect(again.state == .stopped)
            #expect(test.agent.journal.all.count == commands, "no command went to the host")
            #expect(try await test.events("VM.STOP", about: vm.id).count == 2, "one for the request, one for the result of the first stop")
        }
    }
}
