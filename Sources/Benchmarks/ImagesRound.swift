import APIClient
import ArgumentParser
import Foundation

/// One timed run of each side of the images benchmark.
struct ImagesRound {
    let api: CloudStackClient
    let server: ServerProcess
    let zone: String
    let url: String
    /// The file the web server serves.
    let served: String
    let exportPath: String
    /// Where curl writes its copy.
    let scratch: String

    /// registerIso until listIsos says the ISO is ready, and the CPU time the server used meanwhile; the ISO is
    /// deleted afterwards, untimed.
    func timeRegisterIso(name: String, state: PageCache) async throws -> (seconds: Double, serverCPU: Double) {
        try state.prepare(serving: served)
        let cpu = server.cpuSeconds() ?? 0
        let started = ContinuousClock.now
        let registered = try await api.call("registerIso", [("name", name), ("displaytext", "bench"), ("url", url), ("zoneid", zone)])
        guard let id = registered["iso"]?.array?.first?["id"]?.string else { throw ValidationError("registerIso answered without an id") }
        while true {
            let listed = try await api.call("listIsos", [("id", id), ("isofilter", "self")])
            let entry = listed["iso"]?.array?.first
            if entry?["isready"] == .bool(true) { break }
            if let status = entry?["status"]?.string, !status.hasSuffix("Downloaded"), status != "Processing", !status.hasPrefix("Installing") {
                throw ValidationError("the download failed: \(status)")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        let elapsed = seconds(ContinuousClock.now - started)
        let used = (server.cpuSeconds() ?? 0) - cpu
        _ = try await api.callAndWait("deleteIso", [("id", id)], pollInterval: .milliseconds(100))
        return (elapsed, used)
    }

    /// curl to a local file, then nfs-cp of that file to the export; both files are removed afterwards, untimed.
    /// Returns the time of each.
    func timeTools(state: PageCache) async throws -> (curl: Double, nfsCopy: Double) {
        let remoteName = "cumulo-bench-\(UUID().uuidString).iso"
        try state.prepare(serving: served)
        let started = ContinuousClock.now
        try await BenchFiles.run("/usr/bin/curl", ["-sSf", "-o", scratch, url])
        let downloaded = ContinuousClock.now
        try await BenchFiles.run("/usr/bin/nfs-cp", [scratch, "nfs://127.0.0.1\(exportPath)/\(remoteName)"])
        let copied = ContinuousClock.now
        try? FileManager.default.removeItem(atPath: scratch)
        try? FileManager.default.removeItem(atPath: exportPath + "/" + remoteName)
        return (seconds(downloaded - started), seconds(copied - downloaded))
    }

    func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}
