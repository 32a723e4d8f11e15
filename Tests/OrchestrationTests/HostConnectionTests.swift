import AgentProtocol
import DomainModel
import Hypervisor
import HypervisorSimulator
import Orchestration
import OrchestrationTestSupport
import Testing

/// The host's connection as the server sees it: silence, a dropped connection, an operator's reconnect.
@Suite("A host's agent connection")
struct HostConnectionTests {
    @Test func aHostWhosePingsStopIsDisconnectedAndComesBackUpWhenItsAgentReturns() async throws {
        try await withTestZone { test, zone in
            // Long enough that the silent host stays Disconnected and is not yet taken for down (Alert).
            _ = try await test.cloud.settings.update("ping.timeout", value: "30", by: test.admin, events: test.cloud.events)
            test.agent.reconnectsWhenClosed(false)
            test.agent.pausePings()
            let monitor = Task { try await HostMonitor(agents: test.cloud.agents).run() }
            defer { monitor.cancel() }

            #expect(await eventually(timeout: .seconds(8)) { try await test.host(zone.hostId).status == .disconnected },
                    "two missed pings close the session")
            monitor.cancel()
            #expect(!test.agent.isConnected, "the server closed the connection")
            #expect(await test.cloud.agents.liveFigures(ofHost: zone.hostId) == nil)

            test.agent.pausePings(false)
            try await test.agent.connect()

            #expect(await eventually { try await test.host(zone.hostId).status == .up })
            #expect(try await test.events("HOST.DISCONNECT", about: zone.hostId).count == 1)
        }
    }

    @Test func reconnectHostClosesTheSessionAndTheAgentDialsBack() async throws {
        try await withTestZone { test, zone in
            let adoptions = test.agent.journal.all.filter { if case .adopt = $0 { true } else { false } }.count

            let host = try await test.cloud.agents.reconnect(hostId: zone.hostId)

            #expect(host.status == .up)
            #expect(test.agent.isConnected)
            #expect(test.agent.journal.all.filter { if case .adopt = $0 { true } else { false } }.count == adoptions + 1,
                    "the new session is set up again")
        }
    }

    @Test func aStopWhileTheHostIsDisconnectedFailsAndLeavesTheVMRunning() async throws {
        try await withTestZone { test, zone in
            let vm = try await test.deploy("web-1", in: zone)
            await test.agent.disconnect()
            #expect(try await test.host(zone.hostId).status == .disconnected)

            await #expect(throws: DomainError.self) {
                try await test.cloud.instances.stop(vmId: vm.id, forced: false, by: test.admin)
            }

            #expect(try await test.vm(vm.id).state == .running)
            #expect(try await test.allocation(of: zone.hostId).memoryBytes == 512 << 20)
            #expect(test.agent.runs(vm.instanceName))
        }
    }
}
