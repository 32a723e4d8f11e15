import Hypervisor
import HypervisorSimulator
import Testing

@Suite("Simulated faults")
struct FaultInjectionTests {
    @Test func failNextFailsExactlyThatManyCalls() async throws {
        let driver = SimulatedDriver()
        try await driver.define(domainSpec("vm-1"))
        driver.failNext(.start, times: 2, with: HypervisorError(.failed, "qemu crashed", code: 1))
        #expect(driver.pendingFailures(.start) == 2)
        do {
            try await driver.start(domain: "vm-1")
            Issue.record("start should fail")
        } catch let error as HypervisorError {
            #expect(error.message == "qemu crashed")
            #expect(error.code == 1)
        }
        #expect(await errorKind { try await driver.start(domain: "vm-1") } == .failed)
        try await driver.start(domain: "vm-1")
        #expect(try await driver.state(domain: "vm-1") == .running)
        #expect(driver.pendingFailures(.start) == 0)
    }

    @Test func failuresOfOneOperationLeaveOthersAlone() async throws {
        let driver = SimulatedDriver()
        driver.failNext(.listNetworks, with: HypervisorError(.failed, "boom"))
        try await driver.define(domainSpec("vm-1"))
        #expect(try await driver.list().count == 1)
        #expect(await errorKind { _ = try await driver.listNetworks() } == .failed)
    }

    @Test func delaySlowsAnOperationDown() async throws {
        let driver = SimulatedDriver()
        driver.delay(.fingerprint, by: .milliseconds(200))
        let clock = ContinuousClock()
        let slow = try await clock.measure { _ = try await driver.fingerprint() }
        #expect(slow >= .milliseconds(200))
        driver.delay(.fingerprint, by: nil)
        let fast = try await clock.measure { _ = try await driver.fingerprint() }
        #expect(fast < .milliseconds(200))
    }

    @Test func guestPowerOffStopsTheDomainWithEvents() async throws {
        let driver = SimulatedDriver()
        try await driver.define(domainSpec("vm-1"))
        try await driver.start(domain: "vm-1")
        let events = driver.events()
        #expect(driver.guestPowerOff(domain: "vm-1"))
        #expect(try await driver.state(domain: "vm-1") == .shutOff)
        #expect(await first(2, of: events).map(\.kind) == [.shutdown, .stopped])
        #expect(!driver.guestPowerOff(domain: "vm-1"))
    }

    @Test func guestCrashLeavesACrashedDomain() async throws {
        let driver = SimulatedDriver()
        try await driver.define(domainSpec("vm-1"))
        try await driver.start(domain: "vm-1")
        let events = driver.events()
        #expect(driver.guestCrash(domain: "vm-1"))
        #expect(try await driver.state(domain: "vm-1") == .crashed)
        #expect(await first(1, of: events).map(\.kind) == [.crashed])
    }

    @Test func vanishRemovesTheDomainBehindTheAgentsBack() async throws {
        let driver = SimulatedDriver()
        try await driver.define(domainSpec("vm-1"))
        try await driver.start(domain: "vm-1")
        let events = driver.events()
        #expect(driver.vanish(domain: "vm-1"))
        #expect(try await driver.state(domain: "vm-1") == nil)
        #expect(await first(2, of: events).map(\.kind) == [.stopped, .undefined])
        #expect(!driver.vanish(domain: "vm-1"))
        // Its memory is free again.
        #expect(try await driver.hostCounters().memoryFreeBytes == driver.memoryBytes)
    }

    @Test func unreachableHostFailsEveryCall() async throws {
        let driver = SimulatedDriver()
        try await driver.define(domainSpec("vm-1"))
        driver.setReachable(false)
        #expect(await errorKind { _ = try await driver.fingerprint() } == .connection)
        #expect(await errorKind { _ = try await driver.hostCounters() } == .connection)
        #expect(await errorKind { _ = try await driver.list() } == .connection)
        #expect(await errorKind { _ = try await driver.state(domain: "vm-1") } == .connection)
        #expect(await errorKind { try await driver.start(domain: "vm-1") } == .connection)
        #expect(await errorKind { _ = try await driver.listNetworks() } == .connection)
        #expect(await errorKind { _ = try await driver.ensure(pool: PoolDefinition(name: "p", kind: .directory(path: "/p"))) } == .connection)
        driver.setReachable(true)
        try await driver.start(domain: "vm-1")
    }

    @Test func clearFaultsRestoresEverything() async throws {
        let driver = SimulatedDriver()
        driver.failNext(.list, times: 5, with: HypervisorError(.failed, "x"))
        driver.delay(.list, by: .seconds(30))
        driver.setReachable(false)
        driver.clearFaults()
        #expect(try await driver.list().isEmpty)
    }

    @Test func guestsCanIgnoreOrDelayShutdown() async throws {
        let driver = SimulatedDriver()
        try await driver.define(domainSpec("stubborn"))
        try await driver.define(domainSpec("slow"))
        try await driver.start(domain: "stubborn")
        try await driver.start(domain: "slow")
        driver.setShutdownBehaviour(.ignore, domain: "stubborn")
        driver.setShutdownBehaviour(.powerOffAfter(.milliseconds(100)), domain: "slow")
        try await driver.shutdown(domain: "stubborn")
        try await driver.shutdown(domain: "slow")
        #expect(try await driver.state(domain: "stubborn") == .running)
        #expect(try await driver.state(domain: "slow") == .shuttingDown)
        // The guest powers off on its own after its delay; poll, since a loaded machine may run the timer late.
        let deadline = ContinuousClock.now + .seconds(5)
        while try await driver.state(domain: "slow") != .shutOff, ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect(try await driver.state(domain: "slow") == .shutOff)
        #expect(try await driver.state(domain: "stubborn") == .running)
        try await driver.destroy(domain: "stubborn")
        #expect(try await driver.state(domain: "stubborn") == .shutOff)
    }

    @Test func aSlowGuestPowersOffWithEventsWhenTheDriverIsNextUsedAfterItsDelay() async throws {
        let driver = SimulatedDriver()
        try await driver.define(domainSpec("slow"))
        try await driver.start(domain: "slow")
        driver.setShutdownBehaviour(.powerOffAfter(.milliseconds(50)), domain: "slow")
        let events = driver.events()
        try await driver.shutdown(domain: "slow")
        try await Task.sleep(for: .milliseconds(100))
        #expect(try await driver.list().map(\.state) == [.shutOff])
        #expect(await first(2, of: events).map(\.kind) == [.shutdown, .stopped])
    }

    @Test func delayedShutdownDoesNotStopALaterRun() async throws {
        let driver = SimulatedDriver()
        driver.setShutdownBehaviour(.powerOffAfter(.milliseconds(100)))
        try await driver.define(domainSpec("vm-1"))
        try await driver.start(domain: "vm-1")
        try await driver.shutdown(domain: "vm-1")
        try await driver.destroy(domain: "vm-1")
        try await driver.start(domain: "vm-1")
        try await Task.sleep(for: .milliseconds(300))
        #expect(try await driver.state(domain: "vm-1") == .running)
    }
}
