import Foundation
import Synchronization

/// Failed logins per source address in the last minute; a source with more than the allowed number is
/// refused without its password being checked until its oldest failure is a minute old. Held in this
/// process only (see the process-local state table in docs/design.md).
final class LoginThrottle: Sendable {
    private let failures = Mutex<[String: [Date]]>([:])
    /// Sources refused in their current window, so each refusal streak is reported once.
    private let refusing = Mutex<Set<String>>([])
    static let window: TimeInterval = 60

    /// What the throttle says about a login from one source.
    enum Verdict: Equatable {
        case allowed
        /// Refused; `firstInStreak` is true for the first refusal since the source was last allowed.
        case refused(firstInStreak: Bool)
    }

    /// Whether `source` may try a password now, given `allowed` failures a minute.
    func check(_ source: String, allowed: Int, now: Date = Date()) -> Verdict {
        let permitted = failures.withLock { failures in
            let recent = (failures[source] ?? []).filter { now.timeIntervalSince($0) < Self.window }
            failures[source] = recent.isEmpty ? nil : recent
            return recent.count < allowed
        }
        return refusing.withLock { refusing in
            if permitted {
                refusing.remove(source)
                return .allowed
            }
            if refusing.count > 100_000 { refusing.removeAll() }
            return .refused(firstInStreak: refusing.insert(source).inserted)
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
