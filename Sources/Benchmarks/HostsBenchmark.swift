import APIClient
import ArgumentParser
import Foundation

/// Simulated hosts joining a real server: time until all are Up, and the server's memory while they
/// ping every second. Baselines from the same run: one simulated host joining, and the idle server's memory.
struct HostsBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "hosts",
        abstract: "Time for simulated hosts to register and reach Up, and server memory with them connected.")

    @Option(help: "Simulated hosts.") var count = 200
    @Option(help: "Seconds to keep the hosts pinging (every second) before reading the server's memory; past 60, the run fails when memory at the end exceeds memory after the first minute by more than 10 %.")
    var seconds = 15.0
    @Option(help: "Path of cumulo-server (default: next to this executable).") var server: String?
    @Option(help: "Path of cumulo-agent (default: next to this executable).") var agent: String?

    func run() async throws {
        let instance = try await ServerProcess.start(executable: server ?? siblingExecutable("cumulo-server"))
        defer { instance.stop() }
        let api = try await prepareKeys(endpoint: "http://127.0.0.1:\(instance.port)/client/api")
        for (name, value) in [("ping.interval", "1"), ("agent.connect.wait", "60")] {
            _ = try await api.call("updateConfiguration", [("name", name), ("value", value)])
        }
        let zone = try await api.call("createZone", [("name", "bench"), ("networktype", "Advanced"), ("dns1", "198.18.0.53"), ("internaldns1", "198.18.0.53")])["zone"]?["id"]?.string ?? ""
        let pod = try await api.call("createPod", [("zoneid", zone), ("name", "bench"), ("gateway", "198.18.3.1"), ("netmask", "255.255.255.0")])["pod"]?["id"]?.string ?? ""
        let clusters = try await api.call("addCluster", [("zoneid", zone), ("podid", pod), ("clustername", "bench"), ("clustertype", "CloudManaged"), ("hypervisor", "KVM")])
        let cluster = clusters["cluster"]?.array?.first?["id"]?.string ?? ""
        let placement = HostPlacement(zone: zone, pod: pod, cluster: cluster)
        try await Task.sleep(for: .seconds(1))
        let idleMemory = instance.residentMemoryMB() ?? 0

        print("cumulo-bench hosts: \(count) simulated hosts, server pid \(instance.pid)")
        let agentPath = agent ?? siblingExecutable("cumulo-agent")
        let secret = instance.dataDirectory + "/agent-secret"
        let single = try await SimulatedFleet.start(agentPath, port: instance.port, count: 1, prefix: "bench-one", firstAddress: "198.19.200.1", secretFile: secret)
        let one = try await single.join(api, placement)
        single.stop()
        let fleet = try await SimulatedFleet.start(agentPath, port: instance.port, count: count, prefix: "bench", firstAddress: "198.19.0.1", secretFile: secret)
        defer { fleet.stop() }
        let all = try await fleet.join(api, placement)
        // Memory after the first minute is the reference of a long run: later growth means something is kept per ping.
        let reference = min(60, seconds)
        try await Task.sleep(for: .seconds(reference))
        let early = (server: instance.residentMemoryMB() ?? 0, agent: residentMemoryMB(ofProcess: fleet.process.processIdentifier) ?? 0)
        try await Task.sleep(for: .seconds(seconds - reference))
        let loadedMemory = instance.residentMemoryMB() ?? 0
        let agentMemory = residentMemoryMB(ofProcess: fleet.process.processIdentifier) ?? 0
        let up = try await upHosts(api, cluster: cluster, prefix: "bench-")

        print(String(format: "baseline: 1 host registered and Up in %.2f s", one))
        print(String(format: "%d hosts registered and Up in %.2f s (goal < 10 s); ratio to one host: %.1f", count, all, all / max(one, 1e-9)))
        print("\(up) of \(count) hosts still Up after \(Int(seconds)) s of pings every second")
        print(String(format: "server memory: idle %.1f MB, with %d hosts pinging %.1f MB (goal < 200 MB); ratio %.2f",
                     idleMemory, count, loadedMemory, loadedMemory / max(idleMemory, 1e-9)))
        guard seconds > reference else { return }
        let serverGrowth = loadedMemory / max(early.server, 1e-9)
        let agentGrowth = agentMemory / max(early.agent, 1e-9)
        print(String(format: "after %.0f s / after %.0f s of pings: server %.1f / %.1f MB = %.3f, agent process %.1f / %.1f MB = %.3f (flat: ≤ 1.10)",
                     seconds, reference, loadedMemory, early.server, serverGrowth, agentMemory, early.agent, agentGrowth))
        guard serverGrowth <= 1.10, agentGrowth <= 1.10 else {
            throw ValidationError("memory grew by more than 10 % between the first minute and the end of the run")
        }
    }
}

/// Where the simulated hosts join.
struct HostPlacement {
    let zone: String
    let pod: String
    let cluster: String
}

/// A `cumulo-agent simulate` process and the hosts it simulates.
final class SimulatedFleet: Sendable {
    let process: Process
    let count: Int
    let prefix: String
    let stateDirectory: String
    let started: ContinuousClock.Instant

    private init(process: Process, count: Int, prefix: String, stateDirectory: String, started: ContinuousClock.Instant) {
        self.process = process
        self.count = count
        self.prefix = prefix
        self.stateDirectory = stateDirectory
        self.started = started
    }

    static func start(_ agent: String, port: Int, count: Int, prefix: String, firstAddress: String, secretFile: String) async throws -> SimulatedFleet {
        let state = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-bench-agents-\(UUID().uuidString)").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: agent)
        process.arguments = ["simulate", "--server", "http://127.0.0.1:\(port)", "--count", String(count), "--name-prefix", prefix,
                             "--state-dir", state, "--secret-file", secretFile, "--first-address", firstAddress, "--log-level", "warning"]
        let started = ContinuousClock.now
        try process.run()
        return SimulatedFleet(process: process, count: count, prefix: prefix, stateDirectory: state, started: started)
    }

    /// Adds every simulated host (32 calls at a time) and waits until all are Up; returns seconds since the process started.
    func join(_ api: CloudStackClient, _ placement: HostPlacement) async throws -> Double {
        try await withThrowingTaskGroup(of: Void.self) { group in
            var next = 1
            func add(_ index: Int) {
                let name = String(format: "%@-%03d", prefix, index)
                group.addTask {
                    _ = try await api.call("addHost", [("zoneid", placement.zone), ("podid", placement.pod), ("clusterid", placement.cluster),
                                                       ("hypervisor", "KVM"), ("url", "http://\(name)"), ("username", "root"), ("password", "unused")])
                }
            }
            while next <= min(32, count) { add(next); next += 1 }
            while try await group.next() != nil {
                if next <= count { add(next); next += 1 }
            }
        }
        while true {
            let up = try await upHosts(api, cluster: placement.cluster, prefix: prefix + "-")
            if up >= count { return (ContinuousClock.now - started).seconds }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: stateDirectory)
    }
}

/// How many hosts of the cluster whose names start with `prefix` are Up.
func upHosts(_ api: CloudStackClient, cluster: String, prefix: String) async throws -> Int {
    let hosts = try await api.listAll("listHosts", [("clusterid", cluster)])["host"]?.array ?? []
    return hosts.filter { host in
        let name = host["name"]?.string ?? ""
        return host["state"]?.string == "Up" && name.hasPrefix(prefix) && name.dropFirst(prefix.count).allSatisfy(\.isNumber)
    }.count
}
