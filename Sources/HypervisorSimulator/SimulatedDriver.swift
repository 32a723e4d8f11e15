import Hypervisor
import Synchronization

/// An in-memory hypervisor for tests and scale runs: domains, networks, pools and volumes without a host,
/// with faults a test can inject (failures, delays, guests that power off or vanish, an unreachable host).
public final class SimulatedDriver: HypervisorDriver {
    public let hostName: String
    public let cpuCount: Int
    public let cpuSpeedMHz: Int64
    public let memoryBytes: Int64
    public let cpuModel: String
    public let domainTypes: [String]
    public let hypervisorVersion: String
    /// Capacity of a pool whose path has no capacity of its own.
    public let defaultPoolCapacityBytes: Int64
    public var uri: String { "simulator://\(hostName)" }

    let state: Mutex<SimulatorState>
    let createdAt = ContinuousClock.now

    public init(hostName: String = "simulated-host", cpuCount: Int = 8, cpuSpeedMHz: Int64 = 2400,
                memoryBytes: Int64 = 32 << 30, cpuModel: String = "Simulated CPU", domainTypes: [String] = ["kvm", "qemu"],
                hypervisorVersion: String = "8.2.0", defaultPoolCapacityBytes: Int64 = 1 << 40) {
        self.hostName = hostName
        self.cpuCount = cpuCount
        self.cpuSpeedMHz = cpuSpeedMHz
        self.memoryBytes = memoryBytes
        self.cpuModel = cpuModel
        self.domainTypes = domainTypes
        self.hypervisorVersion = hypervisorVersion
        self.defaultPoolCapacityBytes = defaultPoolCapacityBytes
        self.state = Mutex(SimulatorState())
    }

    deinit {
        let subscribers = state.withLock { state in
            defer { state.subscribers = [:] }
            return Array(state.subscribers.values)
        }
        for continuation in subscribers {
            continuation.finish()
        }
    }

    /// Applies the injected faults of `operation`: its delay, an unreachable host, the next scripted failure.
    func enter(_ operation: SimulatedOperation) async throws {
        state.withLock { $0.calls[operation, default: 0] += 1 }
        if let delay = state.withLock({ $0.delays[operation] }) {
            try await Task.sleep(for: delay)
        }
        let failure: HypervisorError? = withCurrentState { state in
            if !state.reachable {
                return HypervisorError(.connection, "cannot connect to \(uri): host unreachable")
            }
            guard var queue = state.failures[operation], !queue.isEmpty else { return nil }
            let error = queue.removeFirst()
            state.failures[operation] = queue.isEmpty ? nil : queue
            return error
        }
        if let failure { throw failure }
    }

    /// Runs `body` under the lock, once the guests whose shutdown delay is over have powered off. The simulator
    /// keeps no timers: time is looked at when the driver is used.
    func withCurrentState<T>(_ body: (inout SimulatorState) -> T) -> T {
        let now = ContinuousClock.now
        return state.withLock { state in
            state.finishShutdowns(dueBy: now)
            return body(&state)
        }
    }

    /// Runs `body` under the lock and throws the error it returns, if any.
    func mutate<T>(_ body: (inout SimulatorState) -> Result<T, HypervisorError>) throws -> T {
        try state.withLock { body(&$0) }.get()
    }

    // MARK: Host

    public func fingerprint() async throws -> HostFingerprint {
        try await enter(.fingerprint)
        return HostFingerprint(hostName: hostName, cpuModel: cpuModel, cpuSockets: 1, cpuCount: cpuCount, cpuSpeedMHz: cpuSpeedMHz,
                               memoryBytes: memoryBytes, hypervisorType: "Simulator", hypervisorVersion: hypervisorVersion,
                               libvirtVersion: hypervisorVersion, domainTypes: domainTypes)
    }

    public func hostCounters() async throws -> HostCounters {
        try await enter(.hostCounters)
        let now = ContinuousClock.now
        return state.withLock { state in
            let total = UInt64(max(0, (now - createdAt).seconds * Double(cpuCount) * 1e9))
            var busy = UInt64(Double(total) * state.load.hostBaselineCPU) + state.retiredCPUNanoseconds
            for domain in state.domains.values {
                busy += state.cpuNanoseconds(of: domain, at: now)
            }
            return HostCounters(cpuBusyNanoseconds: min(busy, total), cpuTotalNanoseconds: total,
                                memoryTotalBytes: memoryBytes, memoryFreeBytes: max(0, memoryBytes - state.activeMemoryBytes))
        }
    }

    // MARK: Events

    public func events() -> AsyncStream<DomainEvent> {
        let (stream, continuation) = AsyncStream<DomainEvent>.makeStream()
        let id = state.withLock { state in
            let id = state.nextSubscriber
            state.nextSubscriber += 1
            state.subscribers[id] = continuation
            return id
        }
        continuation.onTermination = { [weak self] _ in
            _ = self?.state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }
}
