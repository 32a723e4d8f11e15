import Hypervisor

/// One domain as the simulator keeps it.
struct SimulatedDomain {
    var spec: DomainSpec
    var state: DomainState = .shutOff
    /// False once undefined while running: the domain disappears when it stops.
    var persistent = true
    var vncPort: Int?
    var runningSince: ContinuousClock.Instant?
    /// Time spent running in earlier runs.
    var earlierRunTime: Duration = .zero
    /// When a guest that shuts down slowly powers off (see `GuestShutdownBehaviour.powerOffAfter`).
    var powerOffAt: ContinuousClock.Instant?
    var reboots = 0
    var shutdownBehaviour: GuestShutdownBehaviour?

    func runTime(at now: ContinuousClock.Instant) -> Duration {
        earlierRunTime + (runningSince.map { now - $0 } ?? .zero)
    }
}

/// A volume in a simulated storage area.
struct SimulatedVolume {
    var info: VolumeInfo
    var format: String
    var backingPath: String?
    var backingFormat: String?
    /// The image the volume is a full copy of, when it was made by `copyImage`.
    var sourceImage: String?
}

/// The bytes behind a pool path: they outlive the pool definition, like files on a disk.
struct SimulatedStorageArea {
    var capacityBytes: Int64
    var volumes: [String: SimulatedVolume] = [:]

    var allocationBytes: Int64 { volumes.values.reduce(0) { $0 + $1.info.allocationBytes } }

    var capacity: PoolCapacity {
        let allocation = allocationBytes
        return PoolCapacity(capacityBytes: capacityBytes, allocationBytes: allocation, availableBytes: max(0, capacityBytes - allocation))
    }
}

/// Everything a simulated host holds, guarded by one lock.
struct SimulatorState {
    var reachable = true
    var failures: [SimulatedOperation: [HypervisorError]] = [:]
    var delays: [SimulatedOperation: Duration] = [:]
    /// How often each operation was called, failed calls included.
    var calls: [SimulatedOperation: Int] = [:]
    var domains: [String: SimulatedDomain] = [:]
    var networks: [String: NetworkSpec] = [:]
    var pools: [String: PoolDefinition] = [:]
    var poolFaults: [String: HypervisorError] = [:]
    var areas: [String: SimulatedStorageArea] = [:]
    var areaCapacityOverrides: [String: Int64] = [:]
    /// Virtual sizes of the images `copyImage` knows, by location.
    var imageSizes: [String: Int64] = [:]
    var defaultShutdownBehaviour: GuestShutdownBehaviour = .powerOff
    var load = SimulatedLoad()
    /// CPU time of domains that no longer exist, so host counters never go backwards.
    var retiredCPUNanoseconds: UInt64 = 0
    var subscribers: [Int: AsyncStream<DomainEvent>.Continuation] = [:]
    var nextSubscriber = 0

    func emit(_ domain: String, _ kind: DomainEvent.Kind) {
        let event = DomainEvent(domain: domain, kind: kind)
        for continuation in subscribers.values {
            continuation.yield(event)
        }
    }

    func cpuNanoseconds(of domain: SimulatedDomain, at now: ContinuousClock.Instant) -> UInt64 {
        let seconds = domain.runTime(at: now).seconds
        return UInt64(max(0, seconds * Double(domain.spec.vcpus) * load.guestCPU * 1e9))
    }

    var activeMemoryBytes: Int64 {
        domains.values.filter { $0.state.isActive }.reduce(0) { $0 + Int64($1.spec.memoryMiB) * 1_048_576 }
    }

    /// Powers a domain off; a transient domain disappears.
    mutating func powerOff(_ name: String, events: [DomainEvent.Kind], finalState: DomainState = .shutOff, at now: ContinuousClock.Instant) {
        guard var domain = domains[name] else { return }
        domain.earlierRunTime = domain.runTime(at: now)
        domain.runningSince = nil
        domain.state = finalState
        domain.vncPort = nil
        domain.powerOffAt = nil
        for kind in events {
            emit(name, kind)
        }
        if domain.persistent {
            domains[name] = domain
        } else {
            remove(name, at: now)
        }
    }

    /// Powers off the guests whose shutdown delay ended by `now`, in the order they ended and as of then.
    mutating func finishShutdowns(dueBy now: ContinuousClock.Instant) {
        let due = domains.compactMap { name, domain in
            domain.powerOffAt.flatMap { $0 <= now && domain.state.isActive ? (name, $0) : nil }
        }
        for (name, when) in due.sorted(by: { $0.1 < $1.1 }) {
            powerOff(name, events: [.shutdown, .stopped], at: when)
        }
    }

    /// Forgets a domain and keeps its CPU time in the host's counters.
    mutating func remove(_ name: String, at now: ContinuousClock.Instant) {
        guard let domain = domains.removeValue(forKey: name) else { return }
        retiredCPUNanoseconds += cpuNanoseconds(of: domain, at: now)
        emit(name, .undefined)
    }

    func poolPath(_ definition: PoolDefinition) -> String {
        switch definition.kind {
        case .directory(let path): path
        case .netfs(_, _, let mountPoint): mountPoint
        }
    }
}

extension Duration {
    var seconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) / 1e18
    }
}
