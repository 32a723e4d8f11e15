import APIClient
import ArgumentParser
import Foundation

/// Deployments per second onto simulated hosts: concurrent clients each submit `deployVirtualMachine` and
/// poll `queryAsyncJobResult` until the job ends. The baseline, in the same run and with the same clients
/// and polling, is `createVolume` without a VM: an async job that records a volume and an event, with no
/// placement and no host involved, so the ratio is what placement and the host round trips cost.
struct DeployThroughputBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy-throughput",
        abstract: "Deployments per second onto simulated hosts, against createVolume jobs at the same concurrency.")

    @Option(help: "Simulated hosts, all in one cluster.") var hosts = 100
    @Option(help: "VMs to deploy.") var deploys = 2000
    @Option(help: "Concurrent clients.") var concurrency = 32
    @Option(help: "createVolume jobs of the baseline (default: as many as --deploys).") var baselineJobs: Int?
    @Option(help: "Milliseconds between queryAsyncJobResult polls of one job.") var pollMilliseconds = 50
    @Option(help: "Path of cumulo-server (default: next to this executable).") var server: String?
    @Option(help: "Path of cumulo-agent (default: next to this executable).") var agent: String?

    func validate() throws {
        guard hosts >= 1, deploys >= 1, concurrency >= 1 else { throw ValidationError("--hosts, --deploys and --concurrency must be positive") }
        // 198.18.16.0/20 holds 4081 addresses from .16.10 to .31.250.
        guard deploys <= 4000 else { throw ValidationError("--deploys is limited to 4000 by the guest network's range") }
    }

    func run() async throws {
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-bench-throughput-\(UUID().uuidString)")
        for directory in ["www", "store"] {
            try FileManager.default.createDirectory(at: work.appendingPathComponent(directory), withIntermediateDirectories: true)
        }
        defer { try? FileManager.default.removeItem(at: work) }
        try BenchFiles.writeRandomFile(work.appendingPathComponent("www/bench.iso"), mebibytes: 1)
        let web = try BenchFiles.startWebServer(directory: work.appendingPathComponent("www").path)
        defer { kill(web.process.processIdentifier, SIGKILL) }
        let isoURL = "http://127.0.0.1:\(web.port)/bench.iso"
        try await BenchFiles.waitForWebServer(isoURL)

        let instance = try await ServerProcess.start(executable: server ?? siblingExecutable("cumulo-server"))
        defer { instance.stop() }
        let api = try await prepareKeys(endpoint: "http://127.0.0.1:\(instance.port)/client/api")
        // A simulated pool holds 1 TiB: with 4 times that promised, 4000 VMs with 1 GiB disks fit.
        for (name, value) in [("secstorage.allowed.internal.sites", "127.0.0.1"), ("agent.connect.wait", "60"), ("storage.overprovisioning.factor", "4")] {
            _ = try await api.call("updateConfiguration", [("name", name), ("value", value)])
        }
        let cloud = try await BenchCloud.create(api, name: "bench-throughput")
        let fleet = try await SimulatedFleet.start(
            agent ?? siblingExecutable("cumulo-agent"), port: instance.port, count: hosts, prefix: "bench-sim",
            firstAddress: "198.19.0.1", secretFile: instance.dataDirectory + "/agent-secret")
        defer { fleet.stop() }
        let joined = try await fleet.join(api, cloud.placement)
        // Simulated hosts keep every pool in memory: the URL is only recorded.
        _ = try await api.call("createStoragePool", [
            ("zoneid", cloud.zone), ("podid", cloud.pod), ("clusterid", cloud.cluster), ("name", "bench-primary"),
            ("scope", "cluster"), ("url", "nfs://127.0.0.1/srv/nfs/primary")], timeout: .seconds(300))
        _ = try await api.call("addImageStore", [("provider", "Local"), ("url", "file://" + work.appendingPathComponent("store").path),
                                                 ("zoneid", cloud.zone), ("name", "bench-store")])
        let iso = try await cloud.readyISO(api, name: "bench-throughput-iso", url: isoURL)
        let network = try await cloud.guestNetwork(
            api, name: "bench-throughput-net", gateway: "198.18.16.1", netmask: "255.255.240.0", startIP: "198.18.16.10", endIP: "198.18.31.250")
        let offerings = try await cloud.offerings(api, name: "bench-throughput", cpuSpeed: 100, memoryMiB: 128, diskGiB: 1)

        printLine(String(format: "cumulo-bench deploy-throughput: %d simulated hosts (Up after %.1f s), %d clients, polls every %d ms, server pid %d",
                         hosts, joined, concurrency, pollMilliseconds, instance.pid))
        let poll = Duration.milliseconds(pollMilliseconds)
        let usage = CPUUsage(server: instance.pid, agents: fleet.process.processIdentifier)

        var mark = usage.mark()
        let baseline = try await JobLoad(name: "createVolume (baseline)", jobs: baselineJobs ?? deploys, concurrency: concurrency, poll: poll) { index in
            try await api.call("createVolume", [("zoneid", cloud.zone), ("diskofferingid", offerings.disk), ("name", "bench-volume-\(index)")])
        }.run(api)
        printLine(baseline.summary)
        printLine(usage.line(since: mark))
        baseline.printErrors()

        mark = usage.mark()
        let deployed = try await JobLoad(name: "deployVirtualMachine", jobs: deploys, concurrency: concurrency, poll: poll) { index in
            try await api.call("deployVirtualMachine", [
                ("zoneid", cloud.zone), ("serviceofferingid", offerings.service), ("templateid", iso), ("diskofferingid", offerings.disk),
                ("networkids", network), ("name", "bench-vm-\(index)")])
        }.run(api)
        printLine(deployed.summary)
        printLine(usage.line(since: mark))
        printLine("deploys/s by quarter of the run: " + deployed.rateByQuarter().map { String(format: "%.1f", $0) }.joined(separator: ", "))
        deployed.printErrors()

        let running = try await api.listAll("listVirtualMachines", [("state", "Running")])["virtualmachine"]?.array?.count ?? 0
        printLine("\(running) VMs listed Running; \(deployed.succeeded) jobs succeeded, \(deployed.failures) failed")
        printLine(String(format: "deploy throughput: %.1f deploys/s (goal >= 50); job latency p50 %.0f ms, p99 %.0f ms",
                         deployed.jobsPerSecond, deployed.latency.percentile(0.50) * 1000, deployed.latency.percentile(0.99) * 1000))
        printLine(String(format: "ratio deploys/s / createVolume jobs/s: %.2f", deployed.jobsPerSecond / max(baseline.jobsPerSecond, 1e-9)))
    }
}

/// `jobs` async jobs submitted by `concurrency` clients, each polling its job until it ends before submitting the next.
struct JobLoad {
    let name: String
    let jobs: Int
    let concurrency: Int
    let poll: Duration
    /// Submits job `index` and returns the command's answer (which carries `jobid`).
    let submit: @Sendable (Int) async throws -> [String: JSONValue]

    struct Outcome {
        var latency: Double
        var finished: Double
        var error: String?
    }

    struct Result {
        let name: String
        let outcomes: [Outcome]
        let elapsed: Double

        var latency: Sample { Sample(outcomes.filter { $0.error == nil }.map(\.latency)) }
        var succeeded: Int { outcomes.filter { $0.error == nil }.count }
        var failures: Int { outcomes.count - succeeded }
        var jobsPerSecond: Double { Double(succeeded) / elapsed }
        /// Failures grouped by message with numbers written as N, so that one cause counts once: the count and one message.
        var errors: [String: (count: Int, example: String)] {
            outcomes.compactMap(\.error).reduce(into: [:]) { groups, message in
                groups[message.replacing(/[0-9]+/, with: "N"), default: (0, message)].count += 1
            }
        }
        var summary: String {
            String(format: "%@: %d jobs (%d failed) in %.1f s = %.1f jobs/s, latency p50 %.0f ms, p99 %.0f ms",
                   name, outcomes.count, failures, elapsed, jobsPerSecond, latency.percentile(0.50) * 1000, latency.percentile(0.99) * 1000)
        }

        /// The most frequent failures, with their counts.
        func printErrors(limit: Int = 5) {
            for group in errors.values.sorted(by: { $0.count > $1.count }).prefix(limit) {
                printLine("  \(group.count) × \(group.example)")
            }
        }

        /// Successful jobs per second in each quarter of the run, by the time they finished.
        func rateByQuarter() -> [Double] {
            let quarter = elapsed / 4
            var counts = [0, 0, 0, 0]
            for outcome in outcomes where outcome.error == nil {
                counts[min(3, Int(outcome.finished / quarter))] += 1
            }
            return counts.map { Double($0) / quarter }
        }
    }

    func run(_ api: CloudStackClient) async throws -> Result {
        let start = ContinuousClock.now
        let outcomes = try await withThrowingTaskGroup(of: [Outcome].self) { group in
            for client in 0..<concurrency {
                group.addTask {
                    var outcomes: [Outcome] = []
                    for index in stride(from: client, to: jobs, by: concurrency) {
                        let t0 = ContinuousClock.now
                        let error = await one(index, api)
                        let now = ContinuousClock.now
                        outcomes.append(Outcome(latency: (now - t0).seconds, finished: (now - start).seconds, error: error))
                    }
                    return outcomes
                }
            }
            return try await group.reduce(into: []) { $0 += $1 }
        }
        return Result(name: name, outcomes: outcomes, elapsed: (ContinuousClock.now - start).seconds)
    }

    /// Submits one job and polls it to its end; nil on success, else what went wrong.
    private func one(_ index: Int, _ api: CloudStackClient) async -> String? {
        do {
            let submitted = try await submit(index)
            guard let jobId = submitted["jobid"]?.string else { return "answered without a jobid" }
            while true {
                try await Task.sleep(for: poll)
                let job = try await api.call("queryAsyncJobResult", [("jobid", jobId)])
                switch job["jobstatus"]?.int {
                case 0: continue
                case 1: return nil
                default: return job["jobresult"]?["errortext"]?.string ?? "job failed: \(job)"
                }
            }
        } catch {
            return "\(error)"
        }
    }
}

/// CPU used by the server, the simulated hosts, this process and the whole machine between two marks.
struct CPUUsage {
    let server: Int32
    let agents: Int32

    struct Mark {
        let at: ContinuousClock.Instant
        let processes: [Double?]
        let machine: (busy: Double, total: Double)?
    }

    func mark() -> Mark {
        Mark(at: .now, processes: [server, agents, getpid()].map(Self.processSeconds), machine: Self.machineTicks())
    }

    /// Shares of one core for each process, and how busy all cores were.
    func line(since start: Mark) -> String {
        let end = mark()
        let seconds = (end.at - start.at).seconds
        let shares = zip(start.processes, end.processes).map { before, after -> String in
            guard let before, let after else { return "?" }
            return String(format: "%.0f%%", (after - before) / seconds * 100)
        }
        var machine = "?"
        if let before = start.machine, let after = end.machine, after.total > before.total {
            machine = String(format: "%.0f%%", (after.busy - before.busy) / (after.total - before.total) * 100)
        }
        return "  CPU (100% = one core): server \(shares[0]), simulated hosts \(shares[1]), benchmark clients \(shares[2]); "
            + "all \(ProcessInfo.processInfo.activeProcessorCount) cores \(machine) busy"
    }

    /// User + system CPU seconds of a process, from `/proc/<pid>/stat` (fields 14 and 15).
    static func processSeconds(_ pid: Int32) -> Double? {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    /// Busy and total ticks of all cores, from the first line of `/proc/stat`.
    static func machineTicks() -> (busy: Double, total: Double)? {
        guard let stat = try? String(contentsOfFile: "/proc/stat", encoding: .utf8),
              let line = stat.split(separator: "\n").first, line.hasPrefix("cpu ") else { return nil }
        let ticks = line.split(separator: " ").dropFirst().compactMap { Double($0) }
        guard ticks.count >= 5 else { return nil }
        let total = ticks.prefix(8).reduce(0, +)
        return (total - ticks[3] - ticks[4], total)
    }
}
