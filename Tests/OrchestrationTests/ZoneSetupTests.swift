import AgentProtocol
import DomainModel
import Hypervisor
import HypervisorSimulator
import OrchestrationTestSupport
import Persistence
import Testing

/// The zone every other test deploys into: the in-process agent's host joins through `addHost` and attaches
/// the zone's primary storage, as a real agent's host does.
@Suite("A zone with an in-process agent")
struct ZoneSetupTests {
    @Test func addedHostIsUpAndHasAttachedThePrimaryStorage() async throws {
        try await withTestZone { test, zone in
            let host = try await test.host(zone.hostId)
            #expect(host.status == .up)
            #expect(host.guid == test.agent.guid)
            #expect(host.cpuNumber == test.agent.driver.cpuCount)
            #expect(host.totalMemory == test.agent.driver.memoryBytes)
            #expect(test.agent.runtime.hostId == zone.hostId, "the adopt command told the agent its host id")
            #expect(test.agent.journal.all.contains { if case .adopt(let adoption) = $0 { adoption.hostId == zone.hostId } else { false } })

            let pool = try #require(try await test.db.read.find(Tables.storagePool, id: zone.poolId))
            #expect(pool.state == .up)
            #expect(pool.capacityBytes == test.agent.driver.defaultPoolCapacityBytes)
            let attachment = try #require(try await test.db.read.find(Tables.storagePoolHost, id: "\(zone.poolId)/\(zone.hostId)"))
            #expect(attachment.error == nil)
            #expect(try await test.agent.volumeNames(onPool: zone.poolId).isEmpty)
            #expect(await test.cloud.agents.liveFigures(ofHost: zone.hostId) != nil)
        }
    }
}
