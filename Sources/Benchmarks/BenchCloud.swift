import APIClient
import ArgumentParser
import Foundation

/// The inventory a deployment benchmark builds through the API: an enabled Advanced zone whose physical
/// network carries Guest traffic, one pod and one KVM cluster.
struct BenchCloud {
    let zone: String
    let pod: String
    let cluster: String

    var placement: HostPlacement { HostPlacement(zone: zone, pod: pod, cluster: cluster) }

    static func create(_ api: CloudStackClient, name: String) async throws -> BenchCloud {
        let zone = try await api.call("createZone", [("name", name), ("networktype", "Advanced"), ("dns1", "198.18.0.53"), ("internaldns1", "198.18.0.53")])
        let zoneId = try zone.id("zone")
        let physical = try await api.callAndWait("createPhysicalNetwork", [("zoneid", zoneId), ("name", name + "-physical")], pollInterval: .milliseconds(20))
        let physicalId = try physical.id("physicalnetwork")
        _ = try await api.callAndWait("addTrafficType", [("physicalnetworkid", physicalId), ("traffictype", "Guest")], pollInterval: .milliseconds(20))
        _ = try await api.callAndWait("updatePhysicalNetwork", [("id", physicalId), ("state", "Enabled")], pollInterval: .milliseconds(20))
        let pod = try await api.call("createPod", [("zoneid", zoneId), ("name", name), ("gateway", "198.18.3.1"), ("netmask", "255.255.255.0")])
        let podId = try pod.id("pod")
        let cluster = try await api.call("addCluster", [("zoneid", zoneId), ("podid", podId), ("clustername", name), ("clustertype", "CloudManaged"), ("hypervisor", "KVM")])
        guard let clusterId = cluster["cluster"]?.array?.first?["id"]?.string else { throw ValidationError("addCluster answered without an id: \(cluster)") }
        _ = try await api.call("updateZone", [("id", zoneId), ("allocationstate", "Enabled")])
        return BenchCloud(zone: zoneId, pod: podId, cluster: clusterId)
    }

    /// A shared guest network (the default shared offering, untagged) with the given addressing.
    func guestNetwork(_ api: CloudStackClient, name: String, gateway: String, netmask: String, startIP: String, endIP: String) async throws -> String {
        let offerings = try await api.call("listNetworkOfferings", [("name", "DefaultSharedNetworkOffering")])
        guard let offering = offerings["networkoffering"]?.array?.first?["id"]?.string else { throw ValidationError("no shared network offering") }
        let network = try await api.call("createNetwork", [
            ("zoneid", zone), ("networkofferingid", offering), ("name", name), ("displaytext", name),
            ("gateway", gateway), ("netmask", netmask), ("startip", startIP), ("endip", endIP),
        ])
        return try network.id("network")
    }

    /// Registers the ISO at `url` and waits until the zone's image store holds it.
    func readyISO(_ api: CloudStackClient, name: String, url: String, timeout: Duration = .seconds(300)) async throws -> String {
        let registered = try await api.call("registerIso", [("name", name), ("displaytext", name), ("url", url), ("zoneid", zone), ("bootable", "true")])
        guard let id = registered["iso"]?.array?.first?["id"]?.string else { throw ValidationError("registerIso answered without an id: \(registered)") }
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let entry = try await api.call("listIsos", [("id", id), ("isofilter", "self")])["iso"]?.array?.first
            if entry?["isready"] == .bool(true) { return id }
            if let status = entry?["status"]?.string, !status.hasSuffix("Downloaded"), status != "Processing", !status.hasPrefix("Installing") {
                throw ValidationError("the ISO download failed: \(status)")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        throw ValidationError("the ISO was not ready within \(timeout)")
    }

    /// A compute offering and a fixed-size disk offering for the benchmark's VMs.
    func offerings(_ api: CloudStackClient, name: String, cpuSpeed: Int, memoryMiB: Int, diskGiB: Int) async throws -> (service: String, disk: String) {
        let service = try await api.call("createServiceOffering", [
            ("name", name), ("displaytext", name), ("cpunumber", "1"), ("cpuspeed", String(cpuSpeed)), ("memory", String(memoryMiB)),
        ])
        let disk = try await api.call("createDiskOffering", [("name", name), ("displaytext", name), ("disksize", String(diskGiB))])
        return (try service.id("serviceoffering"), try disk.id("diskoffering"))
    }
}

extension [String: JSONValue] {
    /// The `id` of the object under `key`, which must be there.
    func id(_ key: String) throws -> String {
        guard let id = self[key]?["id"]?.string else { throw ValidationError("the answer has no \(key).id: \(self)") }
        return id
    }
}

/// Runs a command-line tool without blocking the cooperative pool and collects what it printed.
enum Tool {
    struct Output {
        let status: Int32
        let stdout: String
        let stderr: String
    }

    static func run(_ tool: String, _ arguments: [String]) async throws -> Output {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: tool)
        process.arguments = arguments
        let out = Pipe(), err = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = FileHandle.nullDevice
        // Read both pipes while the tool runs, so a large output cannot block it.
        async let stdout = readToEnd(out.fileHandleForReading)
        async let stderr = readToEnd(err.fileHandleForReading)
        let status: Int32 = try await withCheckedThrowingContinuation { continuation in
            process.terminationHandler = { continuation.resume(returning: $0.terminationStatus) }
            do {
                try process.run()
            } catch {
                process.terminationHandler = nil
                try? out.fileHandleForWriting.close()
                try? err.fileHandleForWriting.close()
                continuation.resume(throwing: error)
            }
        }
        return Output(status: status, stdout: String(decoding: await stdout, as: UTF8.self), stderr: String(decoding: await stderr, as: UTF8.self))
    }

    /// Reads on a Dispatch thread: the read blocks until the tool closes its end.
    private static func readToEnd(_ handle: FileHandle) async -> Data {
        await withCheckedContinuation { continuation in
            DispatchQueue.global().async { continuation.resume(returning: handle.readDataToEndOfFile()) }
        }
    }

    /// Runs the tool and throws with its error output unless it exits with status 0.
    @discardableResult
    static func check(_ tool: String, _ arguments: [String]) async throws -> String {
        let output = try await run(tool, arguments)
        guard output.status == 0 else {
            let message = output.stderr.isEmpty ? output.stdout : output.stderr
            throw ValidationError("\(tool) \(arguments.joined(separator: " ")) failed (\(output.status)): \(message.trimmingCharacters(in: .whitespacesAndNewlines))")
        }
        return output.stdout
    }
}

/// Figures of a sample: sorted values and their median and percentiles.
struct Sample {
    let sorted: [Double]

    init(_ values: [Double]) { sorted = values.sorted() }

    var median: Double {
        guard !sorted.isEmpty else { return 0 }
        let middle = sorted.count / 2
        return sorted.count % 2 == 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2
    }

    func percentile(_ p: Double) -> Double {
        guard !sorted.isEmpty else { return 0 }
        return sorted[Swift.min(sorted.count - 1, Int(Double(sorted.count) * p))]
    }
}

/// Prints a line at once, even when standard output is a file.
func printLine(_ line: String) {
    FileHandle.standardOutput.write(Data((line + "\n").utf8))
}
