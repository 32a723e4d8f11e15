import APIClient
import ArgumentParser
import AsyncHTTPClient
import Foundation
import NIOCore

/// `cumulo-bench`: measures the management server on loopback against baselines taken in the same run.
@main
struct CumuloBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cumulo-bench",
        abstract: "Benchmarks of the management server, each against a baseline measured in the same run.",
        subcommands: [APIBenchmark.self, HostsBenchmark.self, LoginFloodBenchmark.self, ImagesBenchmark.self, DeployOverheadBenchmark.self, DeployThroughputBenchmark.self],
        defaultSubcommand: APIBenchmark.self)
}

/// Starts a real `cumulo-server` on a temporary data directory, then compares signed API requests with
/// the unauthenticated health endpoint measured in the same run.
struct APIBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "api",
        abstract: "Benchmark signed API throughput and latency against the health endpoint baseline.")

    @Option(help: "Concurrent clients.") var concurrency = 16
    @Option(help: "Seconds per measured phase.") var seconds = 10.0
    @Option(help: "Seconds of warm-up before each phase.") var warmup = 2.0
    @Option(help: "Path of cumulo-server (default: next to this executable).") var server: String?
    @Option(help: "Zones to create before measuring listZones.") var zones = 3
    @Option(help: "Also measure this signed command (without parameters), to compare with listZones.") var compare: String?

    func run() async throws {
        let serverPath = server ?? siblingExecutable("cumulo-server")
        let instance = try await ServerProcess.start(executable: serverPath)
        defer { instance.stop() }
        let base = "http://127.0.0.1:\(instance.port)"
        let api = try await prepareKeys(endpoint: base + "/client/api")
        for i in 0..<zones {
            _ = try await api.call("createZone", [("name", "bench-zone-\(i)"), ("networktype", "Advanced"), ("dns1", "198.18.0.53"), ("internaldns1", "198.18.0.53")])
        }

        let expectedPrefix = #"{"listzonesresponse":{"count":\#(zones),"zone":[{"id":""#
        print("cumulo-bench: \(concurrency) concurrent clients, \(seconds) s per phase, server pid \(instance.pid)")
        let health = try await LoadPhase(name: "GET /health (baseline)", concurrency: concurrency, seconds: seconds, warmup: warmup) {
            let response = try await HTTPClient.shared.execute(HTTPClientRequest(url: base + "/health"), timeout: .seconds(10))
            _ = try await response.body.collect(upTo: 1024)
            return response.status.code == 200
        }.run()
        let signed = try await LoadPhase(name: "signed listZones", concurrency: concurrency, seconds: seconds, warmup: warmup) {
            // Checked without decoding the JSON, so the client costs about what the baseline's does.
            let (status, body) = try await api.raw("listZones")
            return status == 200 && String(buffer: body).hasPrefix(expectedPrefix)
        }.run()

        var results = [health, signed]
        if let compare {
            results.append(try await LoadPhase(name: "signed \(compare)", concurrency: concurrency, seconds: seconds, warmup: warmup) {
                try await api.raw(compare).status == 200
            }.run())
        }
        for result in results { print(result.summary) }
        let ratio = signed.requestsPerSecond / health.requestsPerSecond
        print(String(format: "signed/baseline throughput ratio: %.2f (goal >= 0.50)", ratio))
        print(String(format: "signed p99 latency: %.2f ms (goal < 20 ms); p99 ratio signed/baseline: %.2f",
                     signed.p99 * 1000, signed.p99 / max(health.p99, 1e-9)))
        let rss = instance.residentMemoryMB()
        if let rss { print(String(format: "server resident memory after the run: %.1f MB", rss)) }
    }

}

/// The path of another Cumulo executable in the same directory as this one.
func siblingExecutable(_ name: String) -> String {
    URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent(name).path
}

/// A client signed with the bootstrap admin's new API keys.
func prepareKeys(endpoint: String) async throws -> CloudStackClient {
    let anonymous = CloudStackClient(endpoint: endpoint, credentials: .none)
    let session = try await anonymous.login(username: "admin", password: "password")
    let users = try await session.call("listUsers", [("username", "admin")])
    guard let userId = users["user"]?.array?.first?["id"]?.string else {
        throw ValidationError("admin user not found")
    }
    let keys = try await session.call("registerUserKeys", [("id", userId)])["userkeys"]
    return CloudStackClient(endpoint: endpoint, credentials: .keys(apiKey: keys?["apikey"]?.string ?? "", secretKey: keys?["secretkey"]?.string ?? ""))
}
