import Foundation
@testable import Orchestration
import Testing

/// Password hashing runs on the lanes' own lower-priority threads and is turned away when too much waits.
@Suite struct PasswordLanesTests {
    @Test func workRunsOnALaneThreadAtLowerPriority() async throws {
        let lanes = PasswordLanes(count: 1)
        let niceness: @Sendable () -> Int32 = { getpriority(__priority_which_t(PRIO_PROCESS.rawValue), 0) }
        let first = try #require(await lanes.run { (pthread_self(), niceness()) })
        let second = try #require(await lanes.run { (pthread_self(), niceness()) })
        #expect(pthread_equal(first.0, second.0) != 0, "one lane, one thread")
        #expect(first.1 == PasswordLanes.niceness)
        #expect(niceness() < PasswordLanes.niceness, "the caller's thread keeps its priority")
    }

    @Test func workBeyondTheWaitingBoundIsTurnedAway() async throws {
        let lanes = PasswordLanes(count: 1, maxWaiting: 2)
        let gate = DispatchSemaphore(value: 0)
        async let first = lanes.run { gate.wait(); return 1 }
        async let second = lanes.run { 2 }
        // Both counted before the third asks (not a fixed sleep: a busy test run may start them late).
        while lanes.waitingCount < 2 { try await Task.sleep(for: .milliseconds(10)) }
        #expect(await lanes.run { 3 } == nil, "two are waiting already")
        gate.signal()
        #expect(await first == 1)
        #expect(await second == 2)
        #expect(await lanes.run { 4 } == 4)
    }
}
