import AsyncCoordination
import Testing

@Suite("Timeout race")
struct WithTimeoutTests {
    @Test func anOperationThatEndsInTimeReturnsItsValue() async throws {
        let value = try await withTimeout(.seconds(10), orThrow: { TestFailure(reason: "timed out") }) { 5 }
        #expect(value == 5)
    }

    @Test func anErrorOfTheOperationComesThrough() async throws {
        await #expect(throws: TestFailure(reason: "broken")) {
            try await withTimeout(.seconds(10), orThrow: { TestFailure(reason: "timed out") }) {
                throw TestFailure(reason: "broken")
            }
        }
    }

    @Test func theTimeoutFiresAndCancelsTheOperation() async throws {
        let cancelled = Counter()
        let clock = ContinuousClock()
        let elapsed = await clock.measure {
            await #expect(throws: TestFailure(reason: "timed out")) {
                try await withTimeout(.milliseconds(100), orThrow: { TestFailure(reason: "timed out") }) {
                    do {
                        try await Task.sleep(for: .seconds(30))
                    } catch {
                        cancelled.increment()
                        throw error
                    }
                }
            }
        }
        #expect(cancelled.current == 1)
        #expect(elapsed >= .milliseconds(100))
        #expect(elapsed < .seconds(20))
    }

    @Test func cancellingTheCallerCancelsTheOperation() async throws {
        let started = Counter()
        let cancelled = Counter()
        let caller = Task {
            try await withTimeout(.seconds(30), orThrow: { TestFailure(reason: "timed out") }) {
                started.increment()
                do {
                    try await Task.sleep(for: .seconds(30))
                } catch {
                    cancelled.increment()
                    throw error
                }
            }
        }
        #expect(await eventually { started.current == 1 })
        caller.cancel()
        await #expect(throws: CancellationError.self) { try await caller.value }
        #expect(cancelled.current == 1)
    }
}
