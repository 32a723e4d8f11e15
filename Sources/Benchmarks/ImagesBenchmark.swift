import APIClient
import ArgumentParser
import AsyncHTTPClient
import Foundation

/// Registering an ISO served on loopback until it is ready on the NFS image store, against the plain tools
/// doing the same copy in the same run: `curl` to a local file, then `nfs-cp` of that file to the export.
struct ImagesBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "images",
        abstract: "Time from registerIso to ready for a file served on loopback, against curl + nfs-cp of the same file.")

    @Option(help: "Size of the ISO in MiB.") var mebibytes = 256
    @Option(help: "Directory exported over NFS on 127.0.0.1 (default: $CUMULO_TEST_NFS_SECONDARY_EXPORT or /srv/nfs/secondary).")
    var export: String?
    @Option(help: "Path of cumulo-server (default: next to this executable).") var server: String?
    @Option(help: "Rounds of each measurement; the best of each is compared.") var rounds = 2

    func run() async throws {
        let exportPath = export ?? ProcessInfo.processInfo.environment["CUMULO_TEST_NFS_SECONDARY_EXPORT"] ?? "/srv/nfs/secondary"
        let work = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-bench-images-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("www"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        let file = work.appendingPathComponent("www/bench.iso")
        try Self.writeRandomFile(file, mebibytes: mebibytes)

        let web = try Self.startWebServer(directory: work.appendingPathComponent("www").path)
        // SIGKILL: the server may have inherited an ignored SIGTERM from this process.
        defer { kill(web.process.processIdentifier, SIGKILL) }
        let url = "http://127.0.0.1:\(web.port)/bench.iso"
        try await Self.waitForWebServer(url)

        let instance = try await ServerProcess.start(executable: server ?? siblingExecutable("cumulo-server"))
        defer { instance.stop() }
        let api = try await prepareKeys(endpoint: "http://127.0.0.1:\(instance.port)/client/api")
        _ = try await api.call("updateConfiguration", [("name", "secstorage.allowed.internal.sites"), ("value", "127.0.0.1")])
        let zone = try await api.call("createZone", [("name", "bench-images"), ("networktype", "Advanced"), ("dns1", "198.18.0.53"), ("internaldns1", "198.18.0.53")])["zone"]?["id"]?.string ?? ""
        _ = try await api.call("addImageStore", [("provider", "NFS"), ("url", "nfs://127.0.0.1\(exportPath)"), ("zoneid", zone), ("name", "bench")])

        say("cumulo-bench images: \(mebibytes) MiB served by python http.server on 127.0.0.1, NFS export \(exportPath), server pid \(instance.pid)")
        var cumulo: [Double] = []
        var tools: [Double] = []
        for round in 1...max(rounds, 1) {
            let started = ContinuousClock.now
            let registered = try await api.call("registerIso", [("name", "bench-\(round)"), ("displaytext", "bench"), ("url", url), ("zoneid", zone)])
            guard let id = registered["iso"]?.array?.first?["id"]?.string else { throw ValidationError("registerIso answered without an id") }
            while true {
                let listed = try await api.call("listIsos", [("id", id), ("isofilter", "self")])
                let entry = listed["iso"]?.array?.first
                if entry?["isready"] == .bool(true) { break }
                if let status = entry?["status"]?.string, !status.hasSuffix("Downloaded"), status != "Processing", !status.hasPrefix("Installing") {
                    throw ValidationError("the download failed: \(status)")
                }
                try await Task.sleep(for: .milliseconds(20))
            }
            let elapsed = ContinuousClock.now - started
            cumulo.append(Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18)
            _ = try await api.callAndWait("deleteIso", [("id", id)], pollInterval: .milliseconds(100))

            let copy = work.appendingPathComponent("download.iso").path
            let remoteName = "cumulo-bench-\(UUID().uuidString).iso"
            let toolsStarted = ContinuousClock.now
            try await Self.run("/usr/bin/curl", ["-sSf", "-o", copy, url])
            try await Self.run("/usr/bin/nfs-cp", [copy, "nfs://127.0.0.1\(exportPath)/\(remoteName)"])
            let toolsElapsed = ContinuousClock.now - toolsStarted
            tools.append(Double(toolsElapsed.components.seconds) + Double(toolsElapsed.components.attoseconds) / 1e18)
            try? FileManager.default.removeItem(atPath: copy)
            try? FileManager.default.removeItem(atPath: exportPath + "/" + remoteName)
            say(String(format: "round %d: registerIso -> ready %.2f s; curl + nfs-cp %.2f s", round, cumulo.last!, tools.last!))
        }
        let best = cumulo.min()!, baseline = tools.min()!
        let megabytes = Double(mebibytes) * 1.048576
        say(String(format: "baseline: curl + nfs-cp %.2f s (%.0f MB/s)", baseline, megabytes / baseline))
        say(String(format: "cumulo: registerIso -> isready %.2f s (%.0f MB/s)", best, megabytes / best))
        say(String(format: "ratio cumulo / (curl + nfs-cp): %.2f (goal <= 1.0)", best / baseline))
    }

    static func writeRandomFile(_ url: URL, mebibytes: Int) throws {
        FileManager.default.createFile(atPath: url.path, contents: nil)
        let handle = try FileHandle(forWritingTo: url)
        defer { try? handle.close() }
        var generator = SystemRandomNumberGenerator()
        var chunk = [UInt8](repeating: 0, count: 1 << 20)
        for _ in 0..<mebibytes {
            chunk.withUnsafeMutableBytes { raw in
                for index in stride(from: 0, to: raw.count, by: 8) {
                    raw.storeBytes(of: generator.next() as UInt64, toByteOffset: index, as: UInt64.self)
                }
            }
            try handle.write(contentsOf: chunk)
        }
    }

    static func startWebServer(directory: String) throws -> (process: Process, port: Int) {
        let port = Int.random(in: 20000..<40000)
        let process = Process()
        // The system interpreter itself, not a wrapper script: terminating the process must stop the server.
        process.executableURL = URL(fileURLWithPath: FileManager.default.isExecutableFile(atPath: "/usr/bin/python3") ? "/usr/bin/python3" : "/usr/local/bin/python3")
        process.arguments = ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", directory]
        process.standardOutput = FileHandle.nullDevice
        process.standardError = FileHandle.nullDevice
        try process.run()
        return (process, port)
    }

    static func waitForWebServer(_ url: String) async throws {
        for _ in 0..<100 {
            var request = HTTPClientRequest(url: url)
            request.method = .HEAD
            if let response = try? await HTTPClient.shared.execute(request, timeout: .seconds(2)), response.status.code == 200 { return }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ValidationError("the HTTP server at \(url) did not start")
    }

    /// Runs a tool to its end without blocking a thread of the cooperative pool.
    static func run(_ tool: String, _ arguments: [String]) async throws {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                continuation.resume(throwing: error)
            }
        }
        guard status == 0 else { throw ValidationError("\(tool) \(arguments.joined(separator: " ")) failed with status \(status)") }
    }
}

/// Prints a line at once, even when standard output is a file.
private func say(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
