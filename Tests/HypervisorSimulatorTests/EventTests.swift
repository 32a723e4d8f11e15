import Hypervisor
import HypervisorSimulator
import Testing

@Suite("Simulated events")
struct EventTests {
    @Test func lifecycleProducesEventsInOrder() async throws {
        let driver = SimulatedDriver()
        let events = driver.events()
        try await driver.define(domainSpec("vm-1"))
        try await driver.start(domain: "vm-1")
        try await driver.shutdown(domain: "vm-1")
        try await driver.start(domain: "vm-1")
        try await driver.destroy(domain: "vm-1")
        try await driver.undefine(domain: "vm-1")
        let received = await first(7, of: events)
        #expect(received.map(\.kind) == [.defined, .started, .shutdown, .stopped, .started, .stopped, .undefined])
        #expect(received.allSatisfy { $0.domain == "vm-1" })
    }

    @Test func everySubscriberGetsItsOwnStream() async throws {
        let driver = SimulatedDriver()
        let one = driver.events()
        let two = driver.events()
        #expect(driver.eventSubscriberCount == 2)
        try await driver.define(domainSpec("vm-1"))
        try await driver.start(domain: "vm-1")
        #expect(await first(2, of: one).map(\.kind) == [.defined, .started])
        #expect(await first(2, of: two).map(\.kind) == [.defined, .started])
    }

    @Test func endedStreamsAreForgotten() async throws {
        let driver = SimulatedDriver()
        let task = Task {
            for await _ in driver.events() {}
        }
        while driver.eventSubscriberCount == 0 {
            await Task.yield()
        }
        task.cancel()
        await task.value
        #expect(driver.eventSubscriberCount == 0)
    }
}
