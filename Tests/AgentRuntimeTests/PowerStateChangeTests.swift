import AgentProtocol
@testable import AgentRuntime
import Hypervisor
import HypervisorSimulator
import Testing

@Suite("Power-state changes")
struct PowerStateChangeTests {
    func running(_ names: [String]) async throws -> (Harness, PowerCollector) {
        let harness = Harness()
        let collector = PowerCollector(harness.runtime.powerStateChanges())
        try await harness.localPool(volumes: names.map { "\($0)-root" })
        try await harness.network()
        for name in names {
            try await harness.run(.startVM(vmSpec(name)))
        }
        return (harness, collector)
    }

    @Test func guestPowerOffIsReportedOnce() async throws {
        let (harness, collector) = try await running(["i-2-10-VM"])
        defer { harness.cleanUp() }
        #expect(harness.driver.guestPowerOff(domain: "i-2-10-VM"))
        #expect(await collector.wait(for: 1) == [VMPowerReport(name: "i-2-10-VM", state: .stopped)])
        try await Task.sleep(for: .milliseconds(100))
        #expect(collector.received.count == 1)
    }

    @Test func vanishedAndCrashedVMsAreReported() async throws {
        let (harness, collector) = try await running(["i-2-10-VM", "i-2-11-VM"])
        defer { harness.cleanUp() }
        #expect(harness.driver.vanish(domain: "i-2-10-VM"))
        #expect(await collector.wait(for: 1).last == VMPowerReport(name: "i-2-10-VM", state: .missing))
        #expect(harness.driver.guestCrash(domain: "i-2-11-VM"))
        let reports = await collector.wait(for: 2)
        #expect(reports.last == VMPowerReport(name: "i-2-11-VM", state: .stopped))
        #expect(reports.filter { $0.name == "i-2-10-VM" }.allSatisfy { $0.state == .missing })
    }

    @Test func changesMadeByCommandsAreNotReported() async throws {
        let (harness, collector) = try await running(["i-2-10-VM"])
        defer { harness.cleanUp() }
        try await harness.run(.stopVM(name: "i-2-10-VM", force: false, timeoutSeconds: 1))
        try await harness.run(.startVM(vmSpec("i-2-10-VM")))
        try await harness.run(.rebootVM(name: "i-2-10-VM"))
        try await harness.run(.destroyVM(name: "i-2-10-VM"))
        try await Task.sleep(for: .milliseconds(200))
        #expect(collector.received.isEmpty)
    }

    @Test func aVMStartedBehindTheAgentsBackIsReported() async throws {
        let (harness, collector) = try await running(["i-2-10-VM"])
        defer { harness.cleanUp() }
        try await harness.run(.stopVM(name: "i-2-10-VM", force: true, timeoutSeconds: 0))
        try await harness.driver.start(domain: "i-2-10-VM")
        #expect(await collector.wait(for: 1) == [VMPowerReport(name: "i-2-10-VM", state: .running)])
    }
}
