import APIClient
import ArgumentParser
import Foundation

/// The control plane's share of a deployment on a real host: `deployVirtualMachine` until the VM is listed
/// Running, against defining and starting the domain Cumulo produced with `virsh` in the same run.
///
/// Each round deploys a VM from an ISO (a blank 1 GiB ROOT disk on NFS primary storage, a config drive,
/// one NIC on an isolated guest network), takes its persistent definition and a copy of its config drive,
/// stops it through the API, gives the definition a new name, UUID and MAC, and times `virsh define`,
/// `virsh start` and `virsh domstate` until it says running. The baseline boots from the ROOT volume, ISO
/// and network Cumulo made (they exist by then), so it leaves out everything the control plane does
/// besides defining and starting the domain: API, database and job, placement, creating the volume,
/// building the config drive and adding the DHCP reservation.
struct DeployOverheadBenchmark: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "deploy-overhead",
        abstract: "Time from deployVirtualMachine to Running on a real libvirt host, against virsh define + start of the same domain.")

    @Option(help: "Rounds; medians are compared.") var runs = 5
    @Option(help: "libvirt URI of the host (domain type qemu is used when KVM is missing).") var libvirtUri = "qemu:///system"
    @Option(help: "The ISO to boot (default: $CUMULO_TEST_ISO or build/test-iso/cumulo-test.iso).") var iso: String?
    @Option(help: "Directory exported over NFS on 127.0.0.1 as primary storage (default: $CUMULO_TEST_NFS_EXPORT or /srv/nfs/primary).")
    var primaryExport: String?
    @Option(help: "Directory exported over NFS on 127.0.0.1 as the image store (default: $CUMULO_TEST_NFS_SECONDARY_EXPORT or /srv/nfs/secondary).")
    var secondaryExport: String?
    @Option(help: "Third octet of the isolated guest network 198.18.<n>.0/24.") var subnet = 242
    @Option(help: "Milliseconds between listVirtualMachines polls while waiting for Running.") var pollMilliseconds = 10
    @Option(help: "Path of cumulo-server (default: next to this executable).") var server: String?
    @Option(help: "Path of cumulo-agent (default: next to this executable).") var agent: String?

    static let hostName = "cumulo-bench-kvm"
    static let baselinePrefix = "cumulo-bench-virsh-"

    func validate() throws {
        guard runs >= 1 else { throw ValidationError("--runs must be at least 1") }
        guard (0...255).contains(subnet) else { throw ValidationError("--subnet must be 0...255") }
    }

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let isoPath = iso ?? environment["CUMULO_TEST_ISO"] ?? "build/test-iso/cumulo-test.iso"
        guard FileManager.default.fileExists(atPath: isoPath) else {
            throw ValidationError("no ISO at \(isoPath): build it with scripts/build-test-iso.sh or pass --iso")
        }
        let primary = primaryExport ?? environment["CUMULO_TEST_NFS_EXPORT"] ?? "/srv/nfs/primary"
        let secondary = secondaryExport ?? environment["CUMULO_TEST_NFS_SECONDARY_EXPORT"] ?? "/srv/nfs/secondary"
        let virsh = Virsh(uri: libvirtUri)
        try await virsh.removeLeftovers()

        let work = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-bench-deploy-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: work.appendingPathComponent("www"), withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: work) }
        // qemu runs as its own user and must reach the config drives under the agent's state directory;
        // the agent would create that directory 0700. Its credential file stays 0600.
        let agentState = work.appendingPathComponent("agent").path
        try FileManager.default.createDirectory(atPath: agentState, withIntermediateDirectories: false)
        for path in [work.path, agentState] {
            try FileManager.default.setAttributes([.posixPermissions: 0o711], ofItemAtPath: path)
        }
        try FileManager.default.createSymbolicLink(
            atPath: work.appendingPathComponent("www/bench.iso").path,
            withDestinationPath: URL(fileURLWithPath: isoPath).standardizedFileURL.path)
        let web = try BenchFiles.startWebServer(directory: work.appendingPathComponent("www").path)
        defer { kill(web.process.processIdentifier, SIGKILL) }
        let isoURL = "http://127.0.0.1:\(web.port)/bench.iso"
        try await BenchFiles.waitForWebServer(isoURL)

        let instance = try await ServerProcess.start(executable: server ?? siblingExecutable("cumulo-server"))
        defer { instance.stop() }
        let api = try await prepareKeys(endpoint: "http://127.0.0.1:\(instance.port)/client/api")
        for (name, value) in [("secstorage.allowed.internal.sites", "127.0.0.1"), ("agent.connect.wait", "60")] {
            _ = try await api.call("updateConfiguration", [("name", name), ("value", value)])
        }
        let cloud = try await BenchCloud.create(api, name: "bench-deploy")
        let agentProcess = try AgentProcess.start(
            agent ?? siblingExecutable("cumulo-agent"),
            ["--server", "http://127.0.0.1:\(instance.port)", "--host-name", Self.hostName, "--libvirt-uri", libvirtUri,
             "--state-dir", agentState, "--secret-file", instance.dataDirectory + "/agent-secret",
             "--log-level", "warning"],
            log: work.appendingPathComponent("agent.log").path)
        defer { agentProcess.stop() }

        var networkId: String?
        var isoId: String?
        var poolId: String?
        var leftVMs: [String] = []
        do {
            _ = try await api.call("addHost", [
                ("zoneid", cloud.zone), ("podid", cloud.pod), ("clusterid", cloud.cluster), ("hypervisor", "KVM"),
                ("url", "http://\(Self.hostName)"), ("username", "root"), ("password", "unused")])
            try await waitForHostUp(api, cloud: cloud)
            poolId = try await api.call("createStoragePool", [
                ("zoneid", cloud.zone), ("podid", cloud.pod), ("clusterid", cloud.cluster), ("name", "bench-primary"),
                ("scope", "cluster"), ("url", "nfs://127.0.0.1\(primary)")]).id("storagepool")
            _ = try await api.call("addImageStore", [("provider", "NFS"), ("url", "nfs://127.0.0.1\(secondary)"), ("zoneid", cloud.zone), ("name", "bench-secondary")])
            isoId = try await cloud.readyISO(api, name: "bench-deploy-iso", url: isoURL)
            networkId = try await cloud.guestNetwork(
                api, name: "bench-deploy-net", gateway: "198.18.\(subnet).1", netmask: "255.255.255.0",
                startIP: "198.18.\(subnet).10", endIP: "198.18.\(subnet).250")
            let offerings = try await cloud.offerings(api, name: "bench-deploy", cpuSpeed: 500, memoryMiB: 256, diskGiB: 1)

            printLine("cumulo-bench deploy-overhead: \(runs) rounds on \(libvirtUri), ISO \(isoPath), NFS primary \(primary), server pid \(instance.pid)")
            var cumulo: [Double] = []
            var baseline: [Double] = []
            for round in 1...runs {
                let submitted = try await submit(api, round: round, cloud: cloud, iso: isoId!, network: networkId!, offerings: offerings)
                leftVMs.append(submitted.id)
                let deployed = try await waitUntilRunning(api, submitted)
                cumulo.append(deployed.seconds)
                // The stop undefines Cumulo's domain and deletes its config drive: copy both first.
                let copy = Self.baselinePrefix + String(round)
                let definition = try await virsh.prepareCopy(of: deployed.instanceName, as: copy, round: round, in: work.path)
                _ = try await api.callAndWait("stopVirtualMachine", [("id", deployed.id), ("forced", "true")], pollInterval: .milliseconds(50))
                // The stop drops the VM's DHCP entry after answering; libvirtd holds the network (and domain starts
                // on it) while it changes, so the baseline waits for that to finish rather than measure it.
                try await virsh.waitForNoDHCPHosts("cumulo-" + networkId!)
                baseline.append(try await virsh.defineAndStart(definition, name: copy))
                try await virsh.remove(copy)
                _ = try await api.callAndWait("destroyVirtualMachine", [("id", deployed.id), ("expunge", "true")], pollInterval: .milliseconds(50))
                leftVMs.removeAll { $0 == deployed.id }
                printLine(String(format: "round %d: deployVirtualMachine -> Running %.0f ms; virsh define + start -> running %.0f ms",
                                 round, deployed.seconds * 1000, baseline.last! * 1000))
            }
            let ours = Sample(cumulo).median, theirs = Sample(baseline).median
            printLine(String(format: "baseline: virsh define + start + domstate running, median %.0f ms (of %@)", theirs * 1000, Self.list(baseline)))
            printLine(String(format: "cumulo: deployVirtualMachine -> listVirtualMachines Running, median %.0f ms (of %@)", ours * 1000, Self.list(cumulo)))
            printLine(String(format: "control-plane overhead: %.0f ms (goal < 300 ms); ratio cumulo / virsh: %.2f", (ours - theirs) * 1000, ours / max(theirs, 1e-9)))
        } catch {
            printLine("deploy-overhead failed: \(error)")
            printLine("agent log (last lines):\n" + agentProcess.logTail())
            await cleanUp(api, virsh: virsh, vms: leftVMs, iso: isoId, network: networkId, pool: poolId)
            throw error
        }
        await cleanUp(api, virsh: virsh, vms: leftVMs, iso: isoId, network: networkId, pool: poolId)
    }

    struct Submitted {
        let id: String
        let jobId: String
        let name: String
        let started: ContinuousClock.Instant
    }

    struct Deployed {
        let id: String
        let instanceName: String
        let seconds: Double
    }

    /// Calls `deployVirtualMachine`; the clock starts just before the call.
    func submit(_ api: CloudStackClient, round: Int, cloud: BenchCloud, iso: String, network: String,
                offerings: (service: String, disk: String)) async throws -> Submitted {
        let started = ContinuousClock.now
        let name = "bench-overhead-\(round)"
        let answer = try await api.call("deployVirtualMachine", [
            ("zoneid", cloud.zone), ("serviceofferingid", offerings.service), ("templateid", iso), ("diskofferingid", offerings.disk),
            ("networkids", network), ("name", name)])
        guard let id = answer["id"]?.string, let jobId = answer["jobid"]?.string else {
            throw ValidationError("deployVirtualMachine answered without id and jobid: \(answer)")
        }
        return Submitted(id: id, jobId: jobId, name: name, started: started)
    }

    /// Polls `listVirtualMachines` until the VM is Running; the time runs from the deploy call.
    func waitUntilRunning(_ api: CloudStackClient, _ submitted: Submitted) async throws -> Deployed {
        while true {
            let vm = try await api.call("listVirtualMachines", [("id", submitted.id)])["virtualmachine"]?.array?.first
            switch vm?["state"]?.string {
            case "Running":
                let elapsed = (ContinuousClock.now - submitted.started).seconds
                guard let name = vm?["instancename"]?.string else { throw ValidationError("listVirtualMachines shows no instancename") }
                return Deployed(id: submitted.id, instanceName: name, seconds: elapsed)
            case "Error":
                do {
                    _ = try await api.waitForJob(submitted.jobId, pollInterval: .milliseconds(50), timeout: .seconds(60))
                } catch {
                    throw ValidationError("the deployment of \(submitted.name) failed: \(error)")
                }
                throw ValidationError("VM \(submitted.name) is in Error although its job succeeded")
            default:
                try await Task.sleep(for: .milliseconds(pollMilliseconds))
            }
        }
    }

    func waitForHostUp(_ api: CloudStackClient, cloud: BenchCloud) async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            let hosts = try await api.call("listHosts", [("clusterid", cloud.cluster), ("name", Self.hostName)])["host"]?.array ?? []
            if hosts.first?["state"]?.string == "Up" { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw ValidationError("host \(Self.hostName) was not Up within 60 s")
    }

    /// Best effort: expunges VMs a failed round left, then the ISO, the network (and its libvirt network,
    /// which no API call removes from hosts) and the pool.
    func cleanUp(_ api: CloudStackClient, virsh: Virsh, vms: [String], iso: String?, network: String?, pool: String?) async {
        for id in vms {
            _ = try? await api.callAndWait("destroyVirtualMachine", [("id", id), ("expunge", "true")], pollInterval: .milliseconds(100))
        }
        try? await virsh.removeLeftovers()
        if let iso { _ = try? await api.callAndWait("deleteIso", [("id", iso)], pollInterval: .milliseconds(100)) }
        if let network {
            _ = try? await api.callAndWait("deleteNetwork", [("id", network)], pollInterval: .milliseconds(100))
            await virsh.removeNetwork("cumulo-" + network)
        }
        if let pool { _ = try? await api.call("deleteStoragePool", [("id", pool)]) }
    }

    static func list(_ values: [Double]) -> String {
        values.map { String(format: "%.0f", $0 * 1000) }.joined(separator: ", ") + " ms"
    }
}

/// The `virsh` commands of the baseline.
struct Virsh {
    let uri: String
    static let path = "/usr/bin/virsh"

    @discardableResult
    func callAsFunction(_ arguments: String...) async throws -> String {
        try await Tool.check(Self.path, ["-c", uri] + arguments)
    }

    /// Writes a copy of `source`'s persistent definition named `name`, with no UUID (libvirt makes one), a
    /// new MAC, and a copy of its config drive; returns the file. Its volumes and ISO are used as they are.
    func prepareCopy(of source: String, as name: String, round: Int, in directory: String) async throws -> String {
        var xml = try await self("dumpxml", "--inactive", source)
        let mac = String(format: "52:54:00:18:f3:%02x", round % 256)
        xml = xml.replacing(try Regex(#"<name>[^<]*</name>"#), with: "<name>\(name)</name>", maxReplacements: 1)
        xml = xml.replacing(try Regex(#"\s*<uuid>[^<]*</uuid>"#), with: "")
        xml = xml.replacing(try Regex(#"<mac address='[^']*'/>"#), with: "<mac address='\(mac)'/>")
        guard xml.contains("<name>\(name)</name>") else { throw ValidationError("unexpected domain XML:\n\(xml)") }
        if let match = xml.firstMatch(of: try Regex(#"<source file='([^']*/config-drives/[^']*)'/>"#)), let path = match.output[1].substring {
            let drive = directory + "/" + name + "-config.iso"
            try FileManager.default.copyItem(atPath: String(path), toPath: drive)
            xml = xml.replacingOccurrences(of: "'\(path)'", with: "'\(drive)'")
        }
        let file = directory + "/" + name + ".xml"
        try xml.write(toFile: file, atomically: true, encoding: .utf8)
        return file
    }

    /// Waits (up to 30 s) until the network's definition lists no DHCP host.
    func waitForNoDHCPHosts(_ network: String) async throws {
        let deadline = ContinuousClock.now + .seconds(30)
        while try await self("net-dumpxml", network).contains("<host ") {
            guard ContinuousClock.now < deadline else { throw ValidationError("network \(network) still lists DHCP hosts after 30 s") }
            try await Task.sleep(for: .milliseconds(100))
        }
    }

    /// Times `virsh define`, `virsh start` and `virsh domstate` polls until the domain runs.
    func defineAndStart(_ file: String, name: String) async throws -> Double {
        let started = ContinuousClock.now
        try await self("define", file)
        try await self("start", name)
        while try await self("domstate", name).trimmingCharacters(in: .whitespacesAndNewlines) != "running" {
            try await Task.sleep(for: .milliseconds(1))
        }
        return (ContinuousClock.now - started).seconds
    }

    /// Stops and undefines a baseline domain.
    func remove(_ name: String) async throws {
        _ = try? await self("destroy", name)
        try await self("undefine", name)
    }

    /// Baseline domains an interrupted run left behind.
    func removeLeftovers() async throws {
        let names = try await self("list", "--all", "--name").split(separator: "\n").map(String.init)
        for name in names where name.hasPrefix(DeployOverheadBenchmark.baselinePrefix) {
            try? await remove(name)
        }
    }

    func removeNetwork(_ name: String) async {
        _ = try? await self("net-destroy", name)
        _ = try? await self("net-undefine", name)
    }
}

/// A real `cumulo-agent` child process logging to a file.
final class AgentProcess: Sendable {
    let process: Process
    let logPath: String

    private init(process: Process, logPath: String) {
        self.process = process
        self.logPath = logPath
    }

    static func start(_ executable: String, _ arguments: [String], log: String) throws -> AgentProcess {
        _ = FileManager.default.createFile(atPath: log, contents: nil)
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: log))
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        try? handle.close()
        return AgentProcess(process: process, logPath: log)
    }

    func logTail(lines: Int = 30) -> String {
        let text = (try? String(contentsOfFile: logPath, encoding: .utf8)) ?? ""
        return text.split(separator: "\n", omittingEmptySubsequences: false).suffix(lines).joined(separator: "\n")
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
