import Foundation
import Synchronization

/// Failed logins per source address in the last minute; a source with more than the allowed number is
/// refused without its password being checked until its oldest failure is a minute old. Held in this
/// process only (see the process-local state table in docs/design.md).
final class LoginThrottle: Sendable {
    private let failures = Mutex<[String: [Date]]>([:])
    static let window: TimeInterval = 60

    /// Whether `source` may try a password now, given `allowed` failures a minute.
    func allows(_ source: String, allowed: Int, now: Date = Date()) -> Bool {
        failures.withLock { failures in
            let recent = (failures[source] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            failures[source] = recent.isEmpty ? nil : recent
            return recent.count < allowed
        }
    }

    func recordFailure(_ source: String, now: Date = Date()) {
        failures.withLock { failures in
            var recent = (failures[source] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            recent.append(now)
            failures[source] = recent
            // A flood from many addresses must not grow this without bound: forget the quietest first.
            if failures.count > 100_000 {
                failures = failures.filter { now.timeIntervalSince($0.value.last ?? .distantPast) < Self.window }
            }
        }
    }
}
