import AgentProtocol
@testable import AgentRuntime
import Foundation
import Hypervisor
import HypervisorSimulator
import Logging
import Synchronization

/// A runtime over a simulated host, with its own state directory (0700, as the agent's) and VM-files directory.
struct Harness {
    let driver: SimulatedDriver
    let storage: StorageRouter
    let runtime: AgentRuntime
    let stateDirectory: String
    let configuration: AgentRuntimeConfiguration
    /// The runtime following its domain events, as the agent's service group runs it.
    let following: Task<Void, any Error>

    /// - Parameter storage: Primary storage for the runtime; a router over the driver's pools when nil.
    init(driver: SimulatedDriver = SimulatedDriver(hostName: "sim-host"), storage: StorageRouter? = nil,
         configure: (inout AgentRuntimeConfiguration) -> Void = { _ in }) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("agent-runtime-\(UUID().uuidString)").path
        try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        var configuration = AgentRuntimeConfiguration(stateDirectory: directory, vmFilesDirectory: directory + "-vm-files",
                                                      agentVersion: "9.9.9", stopTimeoutSeconds: 1,
                                                      stopPollInterval: .milliseconds(20))
        configure(&configuration)
        let logger = quietLogger()
        self.driver = driver
        self.storage = storage ?? StorageRouter(driver: driver, mountRoot: configuration.mountRoot, preference: configuration.nfsAccess, userspaceNFS: nil)
        let runtime = AgentRuntime(driver: driver, storage: self.storage, configuration: configuration, logger: logger)
        self.runtime = runtime
        following = Task { try await runtime.run() }
        self.stateDirectory = directory
        self.configuration = configuration
    }

    func cleanUp() {
        following.cancel()
        try? FileManager.default.removeItem(atPath: stateDirectory)
        try? FileManager.default.removeItem(atPath: configuration.vmFilesDirectory)
    }

    /// Runs a command that must succeed and returns its result.
    @discardableResult
    func run(_ command: AgentCommand) async throws -> CommandResult {
        switch await runtime.handle(command) {
        case .success(let result): return result
        case .failure(let reason): throw CommandFailed(reason: reason)
        }
    }

    /// Runs a command that must fail and returns its reason.
    func failure(_ command: AgentCommand) async -> String? {
        if case .failure(let reason) = await runtime.handle(command) { return reason }
        return nil
    }

    /// A local pool with a volume per name, ready for VMs.
    func localPool(_ poolId: String = "pool1", volumes: [String] = []) async throws {
        try await run(.attachPool(PoolSpec(poolId: poolId, kind: .localDirectory, server: "", path: "/var/lib/pools/\(poolId)")))
        for volume in volumes {
            try await run(.createVolume(VolumeSpec(poolId: poolId, name: volume, sizeBytes: 8 << 30)))
        }
    }

    func network(_ networkId: String = "net1") async throws {
        try await run(.ensureNetwork(guestNetwork(networkId)))
    }
}

func quietLogger() -> Logger {
    var logger = Logger(label: "agent-runtime-tests")
    logger.logLevel = .critical
    return logger
}

struct CommandFailed: Error {
    var reason: String
}

func guestNetwork(_ networkId: String = "net1") -> GuestNetworkSpec {
    GuestNetworkSpec(networkId: networkId, bridge: "cbr-\(networkId)", hostAddress: "10.1.1.1", netmask: "255.255.255.0",
                     gateway: "10.1.1.1", dns: ["10.1.1.1"],
                     reservations: [DHCPReservation(mac: "02:00:00:00:00:01", ipAddress: "10.1.1.10", hostName: "web")])
}

/// A VM with a root volume on `pool1` and one NIC on `net1`.
func vmSpec(_ name: String = "i-2-10-VM", memoryMiB: Int = 512, disks: [DiskSpec]? = nil, configDrive: [String: String]? = nil,
            bootOrder: [BootDevice] = [.disk]) -> VMSpec {
    VMSpec(name: name, uuid: "uuid-\(name)", hostName: "web", vcpus: 2, cpuSpeedMHz: 1000, memoryMiB: memoryMiB,
           disks: disks ?? [DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "\(name)-root"), deviceId: 0)],
           nics: [NICSpec(mac: "02:00:00:00:00:01", ipAddress: "10.1.1.10", networkId: "net1", deviceId: 0)],
           configDrive: configDrive, bootOrder: bootOrder)
}

/// Collects power-state changes in the background so tests can wait for them or check that none came.
final class PowerCollector: Sendable {
    private let box = ReportsBox()
    private let task: Task<Void, Never>

    init(_ stream: AsyncStream<VMPowerReport>) {
        let box = self.box
        self.task = Task {
            for await report in stream {
                box.append(report)
            }
        }
    }

    deinit {
        task.cancel()
    }

    var received: [VMPowerReport] { box.all }

    /// Waits until at least `count` reports arrived or `timeout` passed, and returns what arrived.
    func wait(for count: Int, timeout: Duration = .seconds(10)) async -> [VMPowerReport] {
        let deadline = ContinuousClock.now + timeout
        while box.all.count < count, ContinuousClock.now < deadline {
            try? await Task.sleep(for: .milliseconds(10))
        }
        return box.all
    }
}

/// Reports received so far.
final class ReportsBox: Sendable {
    private let reports = Mutex<[VMPowerReport]>([])

    func append(_ report: VMPowerReport) {
        reports.withLock { $0.append(report) }
    }

    var all: [VMPowerReport] { reports.withLock { $0 } }
}

/// Primary storage that only records what it is asked, for routing tests.
final class RecordingStorage: PrimaryStorage {
    let label: String
    private let calls = Mutex<[String]>([])
    private let pools = Mutex<Set<String>>([])

    init(_ label: String) {
        self.label = label
    }

    var recorded: [String] { calls.withLock { $0 } }

    private func note(_ call: String) {
        calls.withLock { $0.append(call) }
    }

    func attach(_ pool: PoolSpec) async throws -> PoolReport {
        note("attach \(pool.poolId)")
        _ = pools.withLock { $0.insert(pool.poolId) }
        return PoolReport(poolId: pool.poolId, capacityBytes: 100, usedBytes: 10, availableBytes: 90, allocatedBytes: 20)
    }

    func detach(poolId: String) async throws {
        note("detach \(poolId)")
        _ = pools.withLock { $0.remove(poolId) }
    }

    func report(poolId: String) async -> PoolReport {
        note("report \(poolId)")
        return PoolReport(poolId: poolId, capacityBytes: 100, usedBytes: 10, availableBytes: 90, allocatedBytes: 20)
    }

    func createVolume(_ spec: VolumeSpec) async throws -> VolumeReport {
        note("create \(spec.poolId)/\(spec.name)")
        return VolumeReport(poolId: spec.poolId, name: spec.name, location: "nfs://server/export/\(spec.name)",
                            virtualSizeBytes: spec.sizeBytes, physicalSizeBytes: 0)
    }

    func resizeVolume(poolId: String, name: String, sizeBytes: Int64) async throws -> VolumeReport {
        note("resize \(poolId)/\(name)")
        return VolumeReport(poolId: poolId, name: name, location: "nfs://server/export/\(name)", virtualSizeBytes: sizeBytes, physicalSizeBytes: 0)
    }

    func deleteVolume(poolId: String, name: String) async throws {
        note("delete \(poolId)/\(name)")
    }

    func volume(poolId: String, name: String) async throws -> VolumeReport? {
        note("volume \(poolId)/\(name)")
        return nil
    }

    func diskLocation(poolId: String, name: String) async throws -> DiskSourceLocation {
        note("location \(poolId)/\(name)")
        return .nfs(server: "server", path: "/export/\(name)")
    }

    func attachedPoolIds() async -> [String] {
        pools.withLock { $0.sorted() }
    }
}
