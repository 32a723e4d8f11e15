import Hypervisor

extension SimulatedDriver {
    public func define(_ spec: DomainSpec) async throws {
        try await enter(.define)
        try mutate { (state: inout SimulatorState) -> Result<Void, HypervisorError> in
            if let problem = validate(spec) { return .failure(problem) }
            if let clash = state.domains.values.first(where: { $0.spec.uuid == spec.uuid && $0.spec.name != spec.name }) {
                return .failure(HypervisorError(.invalidOperation, "domain '\(clash.spec.name)' already exists with uuid \(spec.uuid)"))
            }
            if var existing = state.domains[spec.name] {
                guard existing.spec.uuid == spec.uuid else {
                    return .failure(HypervisorError(.invalidOperation, "domain '\(spec.name)' already exists with uuid \(existing.spec.uuid)"))
                }
                existing.spec = spec
                existing.persistent = true
                state.domains[spec.name] = existing
            } else {
                state.domains[spec.name] = SimulatedDomain(spec: spec)
            }
            state.emit(spec.name, .defined)
            return .success(())
        }
    }

    private func validate(_ spec: DomainSpec) -> HypervisorError? {
        if spec.name.isEmpty || spec.name.contains("/") {
            return HypervisorError(.invalidArgument, "invalid domain name '\(spec.name)'")
        }
        if spec.vcpus < 1 || spec.memoryMiB < 1 {
            return HypervisorError(.invalidArgument, "domain '\(spec.name)' needs at least one vCPU and 1 MiB of memory")
        }
        if !domainTypes.contains(spec.domainType) {
            return HypervisorError(.invalidArgument, "domain type '\(spec.domainType)' is not supported by this host")
        }
        let targets = spec.disks.map(\.target)
        if Set(targets).count != targets.count {
            return HypervisorError(.invalidArgument, "domain '\(spec.name)' uses a disk target twice")
        }
        return nil
    }

    public func start(domain name: String) async throws {
        try await enter(.start)
        let now = ContinuousClock.now
        try mutate { (state: inout SimulatorState) -> Result<Void, HypervisorError> in
            guard var domain = state.domains[name] else { return .failure(noDomain(name)) }
            if domain.state.isActive {
                return .failure(HypervisorError(.invalidOperation, "domain '\(name)' is already running"))
            }
            if let missing = domain.spec.interfaces.first(where: { state.networks[$0.network] == nil }) {
                return .failure(HypervisorError(.noNetwork, "network '\(missing.network)' not found"))
            }
            let needed = Int64(domain.spec.memoryMiB) * 1_048_576
            let free = memoryBytes - state.activeMemoryBytes
            if needed > free {
                return .failure(HypervisorError(.failed, "cannot allocate memory: domain '\(name)' needs \(needed) bytes, the host has \(free) free"))
            }
            if domain.spec.vncOnLoopback {
                let used = Set(state.domains.values.compactMap(\.vncPort))
                domain.vncPort = (5900...).first { !used.contains($0) }
            }
            domain.state = .running
            domain.runningSince = now
            state.domains[name] = domain
            state.emit(name, .started)
            return .success(())
        }
    }

    public func shutdown(domain name: String) async throws {
        try await enter(.shutdown)
        let now = ContinuousClock.now
        try mutate { (state: inout SimulatorState) -> Result<Void, HypervisorError> in
            guard let domain = state.domains[name] else { return .failure(noDomain(name)) }
            guard domain.state.isActive else {
                return .failure(HypervisorError(.invalidOperation, "domain '\(name)' is not running"))
            }
            switch domain.shutdownBehaviour ?? state.defaultShutdownBehaviour {
            case .ignore:
                break
            case .powerOff:
                state.powerOff(name, events: [.shutdown, .stopped], at: now)
            case .powerOffAfter(let delay):
                // A guest asked again keeps the end of its first shutdown.
                let due = min(domain.powerOffAt ?? now + delay, now + delay)
                state.domains[name]?.state = .shuttingDown
                state.domains[name]?.powerOffAt = due
            }
            return .success(())
        }
    }

    public func destroy(domain name: String) async throws {
        try await enter(.destroy)
        let now = ContinuousClock.now
        try mutate { (state: inout SimulatorState) -> Result<Void, HypervisorError> in
            guard let domain = state.domains[name] else { return .failure(noDomain(name)) }
            if domain.state.isActive {
                state.powerOff(name, events: [.stopped], at: now)
            }
            return .success(())
        }
    }

    public func undefine(domain name: String) async throws {
        try await enter(.undefine)
        let now = ContinuousClock.now
        state.withLock { state in
            guard let domain = state.domains[name] else { return }
            if domain.state.isActive {
                state.domains[name]?.persistent = false
            } else {
                state.remove(name, at: now)
            }
        }
    }

    public func reboot(domain name: String) async throws {
        try await enter(.reboot)
        try mutate { (state: inout SimulatorState) -> Result<Void, HypervisorError> in
            guard let domain = state.domains[name] else { return .failure(noDomain(name)) }
            guard domain.state.isActive else {
                return .failure(HypervisorError(.invalidOperation, "domain '\(name)' is not running"))
            }
            state.domains[name]?.reboots += 1
            return .success(())
        }
    }

    public func state(domain name: String) async throws -> DomainState? {
        try await enter(.state)
        return state.withLock { $0.domains[name]?.state }
    }

    public func list() async throws -> [DomainSummary] {
        try await enter(.list)
        return state.withLock { state in
            state.domains.values
                .map { DomainSummary(name: $0.spec.name, uuid: $0.spec.uuid, state: $0.state, vncPort: $0.vncPort) }
                .sorted { $0.name < $1.name }
        }
    }

    public func stats(domain name: String) async throws -> DomainCounters {
        try await enter(.stats)
        let now = ContinuousClock.now
        return try mutate { state in
            guard let domain = state.domains[name] else { return .failure(noDomain(name)) }
            let seconds = domain.runTime(at: now).seconds
            let network = Int64(seconds * Double(state.load.guestNetworkBytesPerSecond))
            let disk = Int64(seconds * Double(state.load.guestDiskBytesPerSecond))
            return .success(DomainCounters(
                cpuTimeNanoseconds: state.cpuNanoseconds(of: domain, at: now),
                memoryBytes: domain.state.isActive ? Int64(domain.spec.memoryMiB) * 1_048_576 : 0,
                vcpus: domain.spec.vcpus,
                networkRxBytes: network, networkTxBytes: network,
                diskReadBytes: disk, diskWriteBytes: disk))
        }
    }

    public func changeMedia(domain name: String, to media: DiskSourceLocation?) async throws {
        try await enter(.changeMedia)
        try mutate { (state: inout SimulatorState) -> Result<Void, HypervisorError> in
            guard var domain = state.domains[name] else { return .failure(noDomain(name)) }
            let drives = domain.spec.disks.indices.filter { domain.spec.disks[$0].device == .cdrom }
            guard let drive = drives.min(by: { domain.spec.disks[$0].target < domain.spec.disks[$1].target }) else {
                return .failure(HypervisorError(.invalidOperation, "domain '\(name)' has no CD-ROM drive"))
            }
            domain.spec.disks[drive].source = media
            state.domains[name] = domain
            return .success(())
        }
    }

    /// Adds the disk to the domain's definition (the simulator keeps one for both the running and the defined domain).
    public func attachDisk(domain name: String, disk: DomainDisk) async throws {
        try await enter(.attachDisk)
        try mutate { (state: inout SimulatorState) -> Result<Void, HypervisorError> in
            guard var domain = state.domains[name] else { return .failure(noDomain(name)) }
            if let present = domain.spec.disks.first(where: { $0.target == disk.target }) {
                if present.device == disk.device && present.source == disk.source { return .success(()) }
                return .failure(HypervisorError(.invalidOperation, "domain '\(name)' has another device at \(disk.target)"))
            }
            domain.spec.disks.append(disk)
            state.domains[name] = domain
            return .success(())
        }
    }

    /// Removes the hard disk at `target`; a guest that keeps it can be simulated with `failNext(.detachDisk, …)`.
    public func detachDisk(domain name: String, target: String) async throws {
        try await enter(.detachDisk)
        try mutate { (state: inout SimulatorState) -> Result<Void, HypervisorError> in
            guard var domain = state.domains[name] else { return .failure(noDomain(name)) }
            domain.spec.disks.removeAll { $0.target == target && $0.device == .disk }
            state.domains[name] = domain
            return .success(())
        }
    }

    func noDomain(_ name: String) -> HypervisorError {
        HypervisorError(.noDomain, "domain '\(name)' not found")
    }
}
