import APIClient
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore
import Synchronization

/// Signed API throughput while many clients guess passwords, against the same client with no guessing,
/// measured in one run: once with the per-address login throttle on (as shipped), once with it lifted so
/// every guess reaches the password check.
struct LoginFloodBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "login-flood",
        abstract: "Benchmark signed requests during a flood of bad logins against the same requests without one.")

    @Option(help: "Concurrent signed clients.") var concurrency = 4
    @Option(help: "Parallel bad logins.") var guessers = 200
    @Option(help: "Seconds per measured phase.") var seconds = 10.0
    @Option(help: "Seconds of warm-up before each phase.") var warmup = 2.0
    @Option(help: "Path of cumulo-server (default: next to this executable).") var server: String?

    func run() async throws {
        let instance = try await ServerProcess.start(executable: server ?? siblingExecutable("cumulo-server"))
        defer { instance.stop() }
        let endpoint = "http://127.0.0.1:\(instance.port)/client/api"
        let api = try await prepareKeys(endpoint: endpoint)
        let signed: @Sendable () async throws -> Bool = { try await api.raw("listZones").status == 200 }
        print("cumulo-bench login-flood: \(concurrency) signed clients, \(guessers) parallel bad logins, \(seconds) s per phase")

        let quiet = try await LoadPhase(name: "signed listZones, no logins (baseline)", concurrency: concurrency, seconds: seconds,
                                        warmup: warmup, request: signed).run()
        let throttled = try await duringFlood(endpoint) {
            try await LoadPhase(name: "signed listZones, bad logins, throttle on", concurrency: concurrency, seconds: seconds,
                                warmup: warmup, request: signed).run()
        }
        _ = try await api.call("updateConfiguration", [("name", "login.source.failures.allowed"), ("value", "2147483647")])
        let unthrottled = try await duringFlood(endpoint) {
            try await LoadPhase(name: "signed listZones, bad logins, every guess hashed", concurrency: concurrency, seconds: seconds,
                                warmup: warmup, request: signed).run()
        }
        for result in [quiet, throttled.result, unthrottled.result] { print(result.summary) }
        print(String(format: "bad logins answered: %.0f/s with the throttle, %.0f/s with every guess hashed",
                     throttled.loginsPerSecond, unthrottled.loginsPerSecond))
        print(String(format: "signed throughput during the flood / without: %.2f (throttle on), %.2f (every guess hashed)",
                     throttled.result.requestsPerSecond / quiet.requestsPerSecond,
                     unthrottled.result.requestsPerSecond / quiet.requestsPerSecond))
        print(String(format: "signed p99 latency: %.1f ms without, %.1f ms (throttle on), %.1f ms (every guess hashed)",
                     quiet.p99 * 1000, throttled.result.p99 * 1000, unthrottled.result.p99 * 1000))
    }

    /// Runs `measure` while `guessers` clients log in with wrong passwords back to back.
    func duringFlood(_ endpoint: String, _ measure: @Sendable () async throws -> LoadPhase.Result) async throws
        -> (result: LoadPhase.Result, loginsPerSecond: Double) {
        let answered = Counter()
        // The guessers' own client, with a connection each: the signed clients' pool stays theirs.
        var configuration = HTTPClient.Configuration()
        configuration.connectionPool = .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: guessers)
        let client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
        let start = ContinuousClock.now
        let outcome: Result<LoadPhase.Result, any Error>
        do { outcome = .success(try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<guessers {
                group.addTask {
                    while !Task.isCancelled {
                        var request = HTTPClientRequest(url: endpoint)
                        request.method = .POST
                        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
                        request.body = .bytes(ByteBuffer(string: "command=login&response=json&username=guess\(index)&password=wrong&domain=%2F"))
                        if let response = try? await client.execute(request, timeout: .seconds(60)) {
                            _ = try? await response.body.collect(upTo: 64 * 1024)
                            answered.increment()
                        }
                    }
                }
            }
            let result = try await measure()
            group.cancelAll()
            return result
        }) } catch { outcome = .failure(error) }
        try? await client.shutdown()
        let result = try outcome.get()
        return (result, Double(answered.value) / (ContinuousClock.now - start).seconds)
    }
}

/// A count shared by the flood's clients.
final class Counter: Sendable {
    private let count = Atomic<Int>(0)
    var value: Int { count.load(ordering: .relaxed) }
    func increment() { count.add(1, ordering: .relaxed) }
}
