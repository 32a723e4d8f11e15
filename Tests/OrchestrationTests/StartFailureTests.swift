import DomainModel
import Hypervisor
import HypervisorSimulator
import Orchestration
import OrchestrationTestSupport
import Testing

/// A host that cannot start the domain: a deployment is undone and ends in Error; a start of an existing VM
/// leaves it Stopped with its disk and address. Either way the host's capacity is given back.
@Suite("A start the host fails")
struct StartFailureTests {
    static let failure = HypervisorError(.failed, "simulated: cannot start the domain")

    @Test func aDeploymentWhoseStartFailsIsUndoneAndLeftInError() async throws {
        try await withTestZone { test, zone in
            test.agent.driver.failNext(.start, with: Self.failure)
            let request = DeploymentRequest(zoneId: zone.zoneId, serviceOfferingId: zone.offering.id, templateId: zone.templateId,
                                            networkIds: [zone.networkId], name: "web-1")
            let prepared = try await test.cloud.instances.prepareDeployment(request, owner: test.adminAccount, by: test.admin)

            await #expect(throws: (any Error).self) {
                try await test.cloud.instances.completeDeployment(vmId: prepared.id, startVM: true, by: test.admin)
            }

            let vm = try await test.vm(prepared.id)
            #expect(vm.state == .error)
            #expect(vm.hostId == nil)
            #expect(test.agent.driver.domainNames.isEmpty, "the failed domain is not left defined")
            #expect(try await test.allocation(of: zone.hostId) == CapacityAllocation(id: zone.hostId))
            #expect(try await test.allocation(of: zone.poolId).storageBytes == 0)
            #expect(try await test.liveNics(of: vm.id).isEmpty, "the address is given back")
            let root = try await test.rootVolume(of: vm.id)
            #expect(root.state == .expunged)
            #expect(try await test.agent.volumeNames(onPool: zone.poolId) == ["template-\(zone.templateId)"], "the disk's file is deleted")
            let failed = try await test.events("VM.CREATE", about: vm.id).filter { $0.level == .error }
            #expect(failed.count == 1)
            #expect(failed.first?.description.contains("simulated: cannot start the domain") == true)

            let next = try await test.deploy("web-2", in: zone)
            #expect(try await test.liveNics(of: next.id).first?.ipAddress == TestZone.firstAddress, "the failed VM's address is free again")
        }
    }

    @Test func aStartOfAStoppedVMThatFailsLeavesItStoppedWithItsDisk() async throws {
        try await withTestZone { test, zone in
            let deployed = try await test.deploy("web-1", in: zone)
            _ = try await test.cloud.instances.stop(vmId: deployed.id, forced: false, by: test.admin)
            let root = try await test.rootVolume(of: deployed.id)
            test.agent.driver.failNext(.start, with: Self.failure)

            await #expect(throws: (any Error).self) {
                try await test.cloud.instances.start(vmId: deployed.id, hostId: nil, by: test.admin)
            }

            let vm = try await test.vm(deployed.id)
            #expect(vm.state == .stopped)
            #expect(vm.hostId == nil)
            #expect(!test.agent.driver.domainNames.contains(vm.instanceName))
            #expect(try await test.allocation(of: zone.hostId) == CapacityAllocation(id: zone.hostId))
            #expect(try await test.rootVolume(of: vm.id).state == .ready)
            #expect(try await test.agent.volumeNames(onPool: zone.poolId).contains(try #require(root.path)))
            #expect(try await test.liveNics(of: vm.id).first?.ipAddress == TestZone.firstAddress)

            let started = try await test.cloud.instances.start(vmId: deployed.id, hostId: nil, by: test.admin)
            #expect(started.state == .running, "the next start works")
        }
    }
}
