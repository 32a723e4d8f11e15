import APIClient
import ArgumentParser
import Foundation

/// Registering an ISO served on loopback until it is ready on the NFS image store, against the plain tools
/// doing the same copy in the same run: `curl` to a local file, then `nfs-cp` of that file to the export.
/// Both are timed over several rounds with a cold page cache (dropped before each run) and a warm one
/// (the served file cached); the medians are compared.
struct ImagesBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "Time from registerIso to ready for a file served on loopback, against curl + nfs-cp of the same file, cold and warm.")

    @Option(help: "Size of the ISO in MiB.") var mebibytes = 256
    @Option(help: "Directory exported over NFS on 127.0.0.1 (default: $CUMULO_TEST_NFS_SECONDARY_EXPORT or /srv/nfs/secondary).")
    var export: String?
    @Option(help: "Path of cumulo-server (default: next to this executable).") var server: String?
    @Option(help: "Rounds for each page-cache state; the medians are compared.") var rounds = 5
    @Option(help: "Page-cache states to measure: cold (needs root: caches are dropped before each run), warm, or both.")
    var cache: CacheChoice = .both

    enum CacheChoice: String, ExpressibleByArgument, CaseIterable {
        case cold, warm, both
    }

    func run() async throws {
        let exportPath = export ?? ProcessInfo.processInfo.environment["CUMULO_TEST_NFS_SECONDARY_EXPORT"] ?? "/srv/nfs/secondary"
        var states: [PageCache] = cache == .warm ? [.warm] : cache == .cold ? [.cold] : [.cold, .warm]
        if states.contains(.cold), getuid() != 0 {
            say("cold page cache skipped: dropping caches needs root")
            states.removeAll { $0 == .cold }
            guard !states.isEmpty else { throw ValidationError("--cache cold needs root") }
        }
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-bench-images-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("www"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let file = work.appendingPathComponent("www/bench.iso")
        try BenchFiles.writeRandomFile(file, mebibytes: mebibytes)

        let web = try BenchFiles.startWebServer(directory: work.appendingPathComponent("www").path)
        // SIGKILL: the server may have inherited an ignored SIGTERM from this process.
        defer { kill(web.process.processIdentifier, SIGKILL) }
        let url = "http://127.0.0.1:\(web.port)/bench.iso"
        try await BenchFiles.waitForWebServer(url)

        let instance = try await ServerProcess.start(executable: server ?? siblingExecutable("cumulo-server"))
        defer { instance.stop() }
        let api = try await prepareKeys(endpoint: "http://127.0.0.1:\(instance.port)/client/api")
        _ = try await api.call("updateConfiguration", [("name", "secstorage.allowed.internal.sites"), ("value", "127.0.0.1")])
        let zone = try await api.call("createZone", [("name", "bench-images"), ("networktype", "Advanced"), ("dns1", "198.18.0.53"), ("internaldns1", "198.18.0.53")])["zone"]?["id"]?.string ?? ""
        _ = try await api.call("addImageStore", [("provider", "NFS"), ("url", "nfs://127.0.0.1\(exportPath)"), ("zoneid", zone), ("name", "bench")])

        say("cumulo-bench images: \(mebibytes) MiB served by python http.server on 127.0.0.1, NFS export \(exportPath), server pid \(instance.pid), \(rounds) rounds per page-cache state")
        let round = ImagesRound(api: api, server: instance, zone: zone, url: url, served: file.path, exportPath: exportPath, scratch: work.appendingPathComponent("download.iso").path)
        var results: [(state: PageCache, cumulo: [Double], tools: [Double], serverCPU: [Double])] = []
        var number = 0
        for state in states {
            var cumulo: [Double] = []
            var serverCPU: [Double] = []
            var tools: [Double] = []
            var parts = (curl: 0.0, nfsCopy: 0.0)
            for index in 1...max(rounds, 1) {
                number += 1
                // Alternate which goes first, so neither always finds the other's writes still being flushed.
                for cumuloFirst in index % 2 == 1 ? [true, false] : [false, true] {
                    if cumuloFirst {
                        let run = try await round.timeRegisterIso(name: "bench-\(number)", state: state)
                        cumulo.append(run.seconds)
                        serverCPU.append(run.serverCPU)
                    } else {
                        parts = try await round.timeTools(state: state)
                        tools.append(parts.curl + parts.nfsCopy)
                    }
                }
                say(String(format: "%@ round %d: registerIso -> ready %.2f s (server CPU %.2f s); curl + nfs-cp %.2f s (%.2f + %.2f)",
                           state.rawValue, index, cumulo.last!, serverCPU.last!, tools.last!, parts.curl, parts.nfsCopy))
            }
            results.append((state, cumulo, tools, serverCPU))
        }
        let megabytes = Double(mebibytes) * 1.048576
        for (state, cumulo, tools, serverCPU) in results {
            let (mine, theirs) = (median(cumulo), median(tools))
            say("\(state.rawValue) (\(state.meaning)), medians of \(cumulo.count):")
            say(String(format: "  baseline: curl + nfs-cp %.2f s (%.0f MB/s; %.2f-%.2f s)", theirs, megabytes / theirs, tools.min()!, tools.max()!))
            say(String(format: "  cumulo: registerIso -> isready %.2f s (%.0f MB/s; %.2f-%.2f s), server CPU %.2f s", mine, megabytes / mine,
                       cumulo.min()!, cumulo.max()!, median(serverCPU)))
            say(String(format: "  ratio cumulo / (curl + nfs-cp): %.2f (goal <= 1.0)", mine / theirs))
        }
    }
}

/// What the page cache holds when a run starts. Dirty pages are written out before every run in both states,
/// so no run pays for the writes of the one before.
enum PageCache: String {
    case cold, warm

    var meaning: String {
        switch self {
        case .cold: "sync and drop_caches before each run: the served file is read from disk"
        case .warm: "sync before each run; the served file is in the page cache"
        }
    }

    /// Brings the page cache into this state for a run that serves `file`.
    func prepare(serving file: String) throws {
        sync()
        switch self {
        case .cold:
            try "3\n".write(toFile: "/proc/sys/vm/drop_caches", atomically: false, encoding: .utf8)
        case .warm:
            let handle = try FileHandle(forReadingFrom: URL(fileURLWithPath: file))
            defer { try? handle.close() }
            while let data = try handle.read(upToCount: 1 << 20), !data.isEmpty {}
        }
    }
}

/// The middle value (the mean of the two middle values for an even count).
func median(_ values: [Double]) -> Double {
    let sorted = values.sorted()
    let middle = sorted.count / 2
    return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
}

/// Prints a line at once, even when standard output is a file.
func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
