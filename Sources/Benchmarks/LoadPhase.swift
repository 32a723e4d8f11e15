import Foundation

/// One measured phase: `concurrency` clients issue requests back to back for a
/// fixed time after a warm-up; latencies are recorded per request.
struct LoadPhase {
    let name: String
    let concurrency: Int
    let seconds: Double
    let warmup: Double
    let request: @Sendable () async throws -> Bool

    struct Result {
        let name: String
        let count: Int
        let failures: Int
        let elapsed: Double
        let latencies: [Double]

        var requestsPerSecond: Double { Double(count) / elapsed }
        func percentile(_ p: Double) -> Double {
            guard !latencies.isEmpty else { return 0 }
            return latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]
        }
        var p50: Double { percentile(0.50) }
        var p99: Double { percentile(0.99) }
        var summary: String {
            String(format: "%@: %d requests (%d failed) in %.1f s = %.0f req/s, p50 %.2f ms, p99 %.2f ms",
                   name, count, failures, elapsed, requestsPerSecond, p50 * 1000, p99 * 1000)
        }
    }

    func run() async throws -> Result {
        _ = try await measure(for: warmup)
        let start = ContinuousClock.now
        let samples = try await measure(for: seconds)
        let elapsed = (ContinuousClock.now - start).seconds
        let latencies = samples.flatMap(\.0).sorted()
        return Result(name: name, count: latencies.count, failures: samples.reduce(0) { $0 + $1.1 }, elapsed: elapsed, latencies: latencies)
    }

    /// Per client: its latencies and its failure count.
    func measure(for duration: Double) async throws -> [([Double], Int)] {
        let deadline = ContinuousClock.now + .milliseconds(Int(duration * 1000))
        return try await withThrowingTaskGroup(of: ([Double], Int).self) { group in
            for _ in 0..<concurrency {
                group.addTask {
                    var latencies: [Double] = []
                    var failures = 0
                    while ContinuousClock.now < deadline {
                        let t0 = ContinuousClock.now
                        let ok = (try? await request()) ?? false
                        latencies.append((ContinuousClock.now - t0).seconds)
                        if !ok { failures += 1 }
                    }
                    return (latencies, failures)
                }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
    }
}

extension Duration {
    var seconds: Double { Double(components.seconds) + Double(components.attoseconds) / 1e18 }
}
