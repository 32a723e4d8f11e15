import AgentProtocol
@testable import AgentRuntime
import Hypervisor
import HypervisorSimulator
import Testing

@Suite("Startup and ping reports")
struct StartupAndPingTests {
    @Test func startupReportDescribesTheHost() async throws {
        let harness = Harness(driver: SimulatedDriver(hostName: "kvm-01", cpuCount: 12, cpuSpeedMHz: 2600, memoryBytes: 48 << 30))
        defer { harness.cleanUp() }
        let report = try await harness.runtime.startupReport()
        #expect(report.hostName == "kvm-01")
        #expect(report.hypervisor == "KVM")
        #expect(report.hypervisorVersion == "8.2.0")
        #expect(report.agentVersion == "9.9.9")
        #expect(report.domainType == "kvm")
        #expect(report.cpuCount == 12)
        #expect(report.cpuSockets == 1)
        #expect(report.cpuSpeedMHz == 2600)
        #expect(report.memoryBytes == 48 << 30)
        #expect(report.nfsAccess == "kernel")
        #expect(report.pools.isEmpty)
        #expect(report.vms.isEmpty)
        #expect(!report.addresses.isEmpty)
        if report.addresses.contains(where: { $0.hasPrefix("127.") }) {
            #expect(report.addresses.allSatisfy { $0.hasPrefix("127.") })
        }
        #expect(report.addresses.allSatisfy { $0.split(separator: ".").count == 4 })
    }

    @Test func overridesReplaceHostNameAndAddresses() async throws {
        let harness = Harness { configuration in
            configuration.hostName = "override"
            configuration.addresses = ["192.0.2.10"]
        }
        defer { harness.cleanUp() }
        let report = try await harness.runtime.startupReport()
        #expect(report.hostName == "override")
        #expect(report.addresses == ["192.0.2.10"])
    }

    @Test func domainTypeCanBeForcedWhenOffered() async throws {
        let qemu = Harness { $0.domainType = .qemu }
        defer { qemu.cleanUp() }
        #expect(try await qemu.runtime.startupReport().domainType == "qemu")

        let onlyQemu = Harness(driver: SimulatedDriver(domainTypes: ["qemu"])) { $0.domainType = .kvm }
        defer { onlyQemu.cleanUp() }
        await #expect(throws: (any Error).self) { try await onlyQemu.runtime.startupReport() }

        let auto = Harness(driver: SimulatedDriver(domainTypes: ["qemu"]))
        defer { auto.cleanUp() }
        #expect(try await auto.runtime.startupReport().domainType == "qemu")
    }

    @Test func restartAdoptsRunningVMsWithoutTouchingThem() async throws {
        let driver = SimulatedDriver()
        let first = Harness(driver: driver)
        defer { first.cleanUp() }
        try await first.localPool(volumes: ["i-2-10-VM-root", "i-2-11-VM-root"])
        try await first.network()
        try await first.run(.startVM(vmSpec("i-2-10-VM")))
        try await first.run(.startVM(vmSpec("i-2-11-VM")))
        try await first.run(.stopVM(name: "i-2-11-VM", force: true, timeoutSeconds: 0))

        let restarted = Harness(driver: driver)
        defer { restarted.cleanUp() }
        let report = try await restarted.runtime.startupReport()
        #expect(report.vms.map(\.name) == ["i-2-10-VM", "i-2-11-VM"])
        #expect(report.vms[0].state == .running)
        #expect(report.vms[0].vncPort != nil)
        #expect(report.vms[1].state == .stopped)
        #expect(driver.domainState("i-2-10-VM") == .running)
    }

    @Test func startupReportListsAttachedPools() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        try await harness.localPool("p1")
        let report = try await harness.runtime.startupReport()
        #expect(report.pools.map(\.poolId) == ["p1"])
        #expect(report.pools.first?.capacityBytes == 1 << 40)
    }

    @Test func pingReportsStatesStatsAndPools() async throws {
        let driver = SimulatedDriver(memoryBytes: 16 << 30)
        let harness = Harness(driver: driver)
        defer { harness.cleanUp() }
        try await harness.localPool(volumes: ["i-2-10-VM-root"])
        try await harness.network()
        try await harness.run(.startVM(vmSpec("i-2-10-VM", memoryMiB: 2048)))
        _ = try await harness.runtime.startupReport()
        try await Task.sleep(for: .milliseconds(50))
        let ping = await harness.runtime.pingReport()
        #expect(ping.vms == [VMPowerReport(name: "i-2-10-VM", state: .running, vncPort: 5900)])
        #expect(ping.stats.memoryTotalBytes == 16 << 30)
        #expect(ping.stats.memoryUsedBytes == 2 << 30)
        #expect(ping.stats.cpuUtilization > 0 && ping.stats.cpuUtilization <= 100)
        #expect(ping.stats.networkReadKBs == 0)
        #expect(ping.stats.loadAverage == 0)
        #expect(ping.pools.map(\.poolId) == ["pool1"])
        #expect(ping.pools.first?.allocatedBytes == 8 << 30)
        #expect(ping.pools.first?.error == nil)
    }

    @Test func pingShowsUnreachablePoolsWithTheirError() async throws {
        let driver = SimulatedDriver()
        let harness = Harness(driver: driver)
        defer { harness.cleanUp() }
        try await harness.localPool("good")
        try await harness.localPool("bad")
        driver.setPoolFault("cumulo-bad", HypervisorError(.failed, "mount.nfs: Connection timed out"))
        let ping = await harness.runtime.pingReport()
        #expect(ping.pools.map(\.poolId) == ["bad", "good"])
        #expect(ping.pools[0].error == "mount.nfs: Connection timed out")
        #expect(ping.pools[1].error == nil)
    }

    @Test func pingOfAnUnreachableHypervisorReportsKnownVMsAsUnknown() async throws {
        let driver = SimulatedDriver()
        let harness = Harness(driver: driver)
        defer { harness.cleanUp() }
        try await harness.localPool(volumes: ["i-2-10-VM-root"])
        try await harness.network()
        try await harness.run(.startVM(vmSpec("i-2-10-VM")))
        _ = await harness.runtime.pingReport()
        driver.setReachable(false)
        let ping = await harness.runtime.pingReport()
        #expect(ping.vms == [VMPowerReport(name: "i-2-10-VM", state: .unknown)])
        #expect(ping.stats.memoryTotalBytes == 0)
        #expect(ping.pools.first?.error != nil)
    }

    @Test func welcomeAndAdoptionSetTheHostId() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        #expect(harness.runtime.hostId == nil)
        await harness.runtime.welcomed(Welcome(pingIntervalSeconds: 60, hostId: "host-1", managementServerId: "ms-1"))
        #expect(harness.runtime.hostId == "host-1")
        try await harness.run(.adopt(Adoption(hostId: "host-2", zoneId: "z", podId: "p", clusterId: "c", pools: [])))
        #expect(harness.runtime.hostId == "host-2")
    }
}
