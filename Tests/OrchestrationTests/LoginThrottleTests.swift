import Foundation
import Testing
@testable import Orchestration

/// The per-address login throttle: the allowed failures a minute, a streak reported once, and forgetting.
@Suite struct LoginThrottleTests {
    @Test func aSourceIsRefusedAfterItsAllowedFailuresUntilTheyAgeOut() {
        let throttle = LoginThrottle()
        let start = Date(timeIntervalSince1970: 1_000_000)
        for second in 0..<3 {
            #expect(throttle.check("198.18.0.9", allowed: 3, now: start + Double(second)) == .allowed)
            throttle.recordFailure("198.18.0.9", now: start + Double(second))
        }
        #expect(throttle.check("198.18.0.9", allowed: 3, now: start + 10) == .refused(firstInStreak: true))
        #expect(throttle.check("198.18.0.9", allowed: 3, now: start + 11) == .refused(firstInStreak: false))
        #expect(throttle.check("198.18.0.10", allowed: 3, now: start + 11) == .allowed, "another address is not affected")
        #expect(throttle.check("198.18.0.9", allowed: 3, now: start + LoginThrottle.window + 0.5) == .allowed,
                "the oldest failure aged out")
    }

    @Test func aNewStreakIsReportedAgain() {
        let throttle = LoginThrottle()
        let start = Date(timeIntervalSince1970: 2_000_000)
        throttle.recordFailure("198.18.0.9", now: start)
        #expect(throttle.check("198.18.0.9", allowed: 1, now: start + 1) == .refused(firstInStreak: true))
        #expect(throttle.check("198.18.0.9", allowed: 1, now: start + LoginThrottle.window + 1) == .allowed)
        throttle.recordFailure("198.18.0.9", now: start + LoginThrottle.window + 2)
        #expect(throttle.check("198.18.0.9", allowed: 1, now: start + LoginThrottle.window + 3) == .refused(firstInStreak: true))
    }
}
