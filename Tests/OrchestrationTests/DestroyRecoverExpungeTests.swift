import DomainModel
import Hypervisor
import HypervisorSimulator
import OrchestrationTestSupport
import Testing

/// A destroyed VM keeps its disk and address until it is expunged; expunging deletes the disk's file on the
/// host's pool and frees the address for the next VM.
@Suite("Destroying, recovering and expunging a VM")
struct DestroyRecoverExpungeTests {
    @Test func destroyRecoverDestroyAndExpungeFreeTheAddressAndTheDisk() async throws {
        try await withTestZone { test, zone in
            let address = "198.18.20.30"
            let vm = try await test.deploy("web-1", in: zone, ipAddress: address)
            let root = try await test.rootVolume(of: vm.id)
            let file = try #require(root.path)

            let destroyed = try await test.cloud.instances.destroy(vmId: vm.id, expunge: false, by: test.admin)

            #expect(destroyed.state == .destroyed)
            #expect(!test.agent.driver.domainNames.contains(vm.instanceName))
            #expect(try await test.allocation(of: zone.hostId) == CapacityAllocation(id: zone.hostId))
            #expect(try await test.rootVolume(of: vm.id).state == .destroy)
            #expect(try await test.agent.volumeNames(onPool: zone.poolId).contains(file), "a destroyed VM's disk stays until it is expunged")
            #expect(try await test.liveNics(of: vm.id).map(\.ipAddress) == [address])

            let recovered = try await test.cloud.instances.recover(vmId: vm.id, by: test.admin)

            #expect(recovered.state == .stopped)
            #expect(try await test.rootVolume(of: vm.id).state == .ready)

            #expect(try await test.cloud.instances.destroy(vmId: vm.id, expunge: false, by: test.admin).state == .destroyed)
            try await test.cloud.instances.expunge(vmId: vm.id, by: test.admin)

            let expunged = try await test.vm(vm.id)
            #expect(expunged.removed != nil)
            #expect(expunged.state == .expunging)
            #expect(try await test.liveNics(of: vm.id).isEmpty)
            let gone = try await test.rootVolume(of: vm.id)
            #expect(gone.state == .expunged)
            #expect(gone.removed != nil)
            let files = try await test.agent.volumeNames(onPool: zone.poolId)
            #expect(!files.contains(file), "the ROOT disk's file is deleted on the pool")
            #expect(files == ["template-\(zone.templateId)"], "only the pool's copy of the template stays")
            #expect(try await test.allocation(of: zone.poolId).storageBytes == 0)
            #expect(try await test.events("VM.EXPUNGE", about: vm.id).count == 2)

            let next = try await test.deploy("web-2", in: zone, ipAddress: address)
            #expect(try await test.liveNics(of: next.id).map(\.ipAddress) == [address], "the expunged VM's address is free again")
        }
    }

    @Test func destroyWithExpungeRemovesARunningVMAtOnce() async throws {
        try await withTestZone { test, zone in
            let vm = try await test.deploy("web-1", in: zone)
            let file = try #require(try await test.rootVolume(of: vm.id).path)

            let removed = try await test.cloud.instances.destroy(vmId: vm.id, expunge: true, by: test.admin)

            #expect(removed.removed != nil)
            #expect(test.agent.driver.domainNames.isEmpty)
            #expect(!(try await test.agent.volumeNames(onPool: zone.poolId).contains(file)))
            #expect(try await test.liveNics(of: vm.id).isEmpty)
            #expect(try await test.allocation(of: zone.hostId) == CapacityAllocation(id: zone.hostId))
        }
    }
}
