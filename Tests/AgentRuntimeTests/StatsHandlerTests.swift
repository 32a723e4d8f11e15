import AgentProtocol
@testable import AgentRuntime
import Hypervisor
import HypervisorSimulator
import Testing

@Suite("Statistics commands")
struct StatsHandlerTests {
    @Test func hostStatsComparesWithThePreviousSample() async throws {
        let driver = SimulatedDriver(cpuCount: 2, memoryBytes: 8 << 30)
        driver.setLoad(SimulatedLoad(guestCPU: 1, hostBaselineCPU: 0))
        let harness = Harness(driver: driver)
        defer { harness.cleanUp() }
        try await harness.localPool(volumes: ["i-2-10-VM-root"])
        try await harness.network()
        try await harness.run(.startVM(vmSpec(memoryMiB: 1024)))
        guard case .hostStats(let first) = try await harness.run(.hostStats) else { Issue.record("not host stats"); return }
        #expect(first.cpuUtilization == 0)
        try await Task.sleep(for: .milliseconds(100))
        guard case .hostStats(let second) = try await harness.run(.hostStats) else { Issue.record("not host stats"); return }
        #expect(second.cpuUtilization > 80) // both vCPUs of the guest fill both host CPUs
        #expect(second.memoryTotalBytes == 8 << 30)
        #expect(second.memoryUsedBytes == 1 << 30)
    }

    @Test func hostStatsFailsWhenTheHypervisorIsUnreachable() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        harness.driver.setReachable(false)
        #expect(await harness.failure(.hostStats)?.hasPrefix("cannot read host statistics: cannot connect") == true)
    }

    @Test func vmStatsReportRatesOfNamedOrRunningVMs() async throws {
        let driver = SimulatedDriver()
        driver.setLoad(SimulatedLoad(guestCPU: 0.5, guestNetworkBytesPerSecond: 1 << 20, guestDiskBytesPerSecond: 2 << 20))
        let harness = Harness(driver: driver)
        defer { harness.cleanUp() }
        try await harness.localPool(volumes: ["i-2-10-VM-root"])
        try await harness.network()
        try await harness.run(.startVM(vmSpec()))
        guard case .vmStats(let first) = try await harness.run(.vmStats(names: [])) else { Issue.record("not VM stats"); return }
        #expect(first.map(\.name) == ["i-2-10-VM"])
        #expect(first.first?.memoryBytes == 512 << 20)
        try await Task.sleep(for: .milliseconds(200))
        guard case .vmStats(let second) = try await harness.run(.vmStats(names: ["i-2-10-VM", "ghost"])) else { Issue.record("not VM stats"); return }
        let stats = try #require(second.first)
        #expect(second.count == 1)
        #expect(stats.cpuUtilization > 30 && stats.cpuUtilization < 70)
        #expect(stats.networkReadKBs > 512 && stats.networkReadKBs < 2048)
        #expect(stats.diskWriteKBs > stats.networkWriteKBs)
    }

    @Test func vmStatsFailuresAreReported() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        try await harness.localPool(volumes: ["i-2-10-VM-root"])
        try await harness.network()
        try await harness.run(.startVM(vmSpec()))
        harness.driver.failNext(.stats, with: HypervisorError(.failed, "cannot read"))
        #expect(await harness.failure(.vmStats(names: ["i-2-10-VM"])) == "cannot read VM statistics: cannot read")
    }
}
