import DomainModel
import Hypervisor
import HypervisorSimulator
import Orchestration
import OrchestrationTestSupport
import Testing

/// The power-state reconciler: what a host reports about its domains wins over the records, unless a
/// workflow is working on the VM.
@Suite("Power-state sync")
struct PowerStateSyncTests {
    @Test func aGuestPoweredOffBehindTheServersBackIsRecordedStopped() async throws {
        try await withTestZone { test, zone in
            let vm = try await test.deploy("web-1", in: zone)
            test.agent.pausePings()

            #expect(test.agent.driver.guestPowerOff(domain: vm.instanceName))

            #expect(await eventually { try await test.vm(vm.id).state == .stopped }, "the host's power-off report reached the server")
            let stopped = try await test.vm(vm.id)
            #expect(stopped.hostId == nil)
            #expect(stopped.lastHostId == zone.hostId)
            #expect(try await test.allocation(of: zone.hostId) == CapacityAllocation(id: zone.hostId))
            let sync = try await test.events("VM.STATE.SYNC", about: vm.id)
            #expect(sync.count == 1)
            #expect(sync.first?.level == .warn)
            #expect(sync.first?.description.contains("Running -> Stopped") == true)
        }
    }

    @Test func aDomainMissingFromTheHostsPingIsRecordedStopped() async throws {
        try await withTestZone { test, zone in
            let vm = try await test.deploy("web-1", in: zone)
            test.agent.holdPowerReports()

            #expect(test.agent.driver.vanish(domain: vm.instanceName))
            #expect(try await test.vm(vm.id).state == .running, "without the event, only a ping can tell")

            // A ping right after a workflow may predate it and is not believed for a second or so.
            #expect(await eventually {
                await test.agent.pingNow()
                return try await test.vm(vm.id).state == .stopped
            })
            #expect(try await test.events("VM.STATE.SYNC", about: vm.id).count == 1)
            #expect(try await test.allocation(of: zone.hostId) == CapacityAllocation(id: zone.hostId))
        }
    }

    /// The VM is force-stopped while its host is unreachable, so the domain keeps running there; when the host's
    /// agent comes back and reports it, the VM is Running on that host again and holds its capacity.
    @Test func aStoppedVMReportedRunningOnItsHostIsRecordedRunning() async throws {
        try await withTestZone { test, zone in
            let vm = try await test.deploy("web-1", in: zone)
            await test.agent.disconnect()

            let stopped = try await test.cloud.instances.stop(vmId: vm.id, forced: true, by: test.admin)
            #expect(stopped.state == .stopped)
            #expect(test.agent.runs(vm.instanceName), "the unreachable host never heard of the stop")
            #expect(try await test.allocation(of: zone.hostId) == CapacityAllocation(id: zone.hostId))

            try await test.agent.connect()

            #expect(await eventually { try await test.host(zone.hostId).status == .up })
            #expect(await eventually {
                await test.agent.pingNow()
                return try await test.vm(vm.id).state == .running
            })
            let running = try await test.vm(vm.id)
            #expect(running.hostId == zone.hostId)
            let host = try await test.allocation(of: zone.hostId)
            #expect(host.cpuMHz == 500)
            #expect(host.memoryBytes == 512 << 20)
            #expect(try await test.events("VM.STATE.SYNC", about: vm.id).first?.description.contains("Stopped -> Running") == true)
        }
    }

    /// While a deployment waits for its disk, the host's ping cannot show the domain yet: a Starting VM whose
    /// domain is missing would be set Stopped, but the workflow owns it and the report is left to it.
    @Test func aVMAWorkflowIsWorkingOnIsLeftToTheWorkflow() async throws {
        try await withTestZone { test, zone in
            test.agent.driver.delay(.createVolume, by: .milliseconds(800))
            let request = DeploymentRequest(zoneId: zone.zoneId, serviceOfferingId: zone.offering.id, templateId: zone.templateId,
                                            networkIds: [zone.networkId], name: "web-1")
            let prepared = try await test.cloud.instances.prepareDeployment(request, owner: test.adminAccount, by: test.admin)
            let deployment = Task { try await test.cloud.instances.completeDeployment(vmId: prepared.id, startVM: true, by: test.admin) }

            #expect(await eventually { try await test.vm(prepared.id).state == .starting })
            await test.agent.pingNow()

            #expect(try await test.vm(prepared.id).state == .starting, "the report did not move a VM a workflow holds")
            #expect(try await test.events("VM.STATE.SYNC", about: prepared.id).isEmpty)
            #expect(try await deployment.value.state == .running)
            #expect(try await test.events("VM.STATE.SYNC", about: prepared.id).isEmpty)
        }
    }
}
