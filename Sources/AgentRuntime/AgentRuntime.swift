import AgentProtocol
import Hypervisor
import Logging
import ServiceLifecycle

/// The agent's work on one host: reports what the host has and runs, and carries out the server's commands
/// through the hypervisor driver and primary storage. The transport calls it through `AgentWorker`; as a
/// `Service`, it follows the hypervisor's domain events (guests that power off by themselves) while it runs.
public final class AgentRuntime: AgentWorker, Service {
    public let configuration: AgentRuntimeConfiguration
    private let context: RuntimeContext
    /// The driver's domain events from the moment the runtime was made; `run` follows them.
    private let domainEvents: AsyncStream<DomainEvent>

    /// - Parameters:
    ///   - storage: Usually a `StorageRouter`, whose NFS choice the startup report carries.
    ///   - activity: Network and load figures; by default `/proc` on real hosts and zeros on simulated ones.
    public init(driver: any HypervisorDriver, storage: any PrimaryStorage, configuration: AgentRuntimeConfiguration,
                logger: Logger, activity: (any HostActivitySource)? = nil) {
        let simulated = driver.uri.hasPrefix("simulator:") || driver.uri.hasPrefix("test:")
        let activity = activity ?? (simulated ? ConstantHostActivity() : LinuxHostActivity())
        let power = PowerStateWatcher()
        self.configuration = configuration
        self.context = RuntimeContext(
            driver: driver, storage: storage, configuration: configuration, logger: logger,
            identity: HostIdentity(), power: power,
            configDrives: ConfigDriveBuilder(directory: configuration.configDriveDirectory, genisoimage: configuration.genisoimagePath, logger: logger),
            hostStats: HostStatsSampler(driver: driver, activity: activity),
            vmStats: VMStatsSampler())
        domainEvents = driver.events()
    }

    deinit {
        context.power.finish()
    }

    /// Follows the hypervisor's domain events until cancelled or shut down, turning each into a power report.
    public func run() async throws {
        let (driver, power, events) = (context.driver, context.power, domainEvents)
        await cancelWhenGracefulShutdown {
            for await event in events {
                await Self.observe(event, driver: driver, power: power)
            }
        }
    }

    /// The host id the server gave at adoption or in its welcome.
    public var hostId: String? { context.identity.hostId }

    /// How this host reaches NFS pools.
    public var nfsAccess: NFSAccess {
        if let router = context.storage as? StorageRouter { return router.nfsAccess }
        return configuration.nfsAccess == .userspace ? .userspace : .kernel
    }

    // MARK: AgentWorker

    public func startupReport() async throws -> StartupReport {
        let driver = context.driver
        let fingerprint = try await driver.fingerprint()
        let domainType = try await context.domainType()
        let vms = try await driver.list().map(PowerStateMapping.report)
        context.power.reported(vms)
        do {
            // The first sample only primes the counters, so the first ping has a rate to report.
            _ = try await context.hostStats.sample()
        } catch {
            context.logger.warning("cannot read host counters; the first ping reports none", metadata: ["error": "\(FailureReason.describe(error))"])
        }
        var pools: [PoolReport] = []
        for poolId in await context.storage.attachedPoolIds() {
            pools.append(await context.storage.report(poolId: poolId))
        }
        return StartupReport(
            hostName: configuration.hostName ?? fingerprint.hostName,
            addresses: configuration.addresses ?? HostAddresses.ipv4(),
            hypervisor: "KVM", hypervisorVersion: fingerprint.hypervisorVersion, agentVersion: configuration.agentVersion,
            domainType: domainType, cpuModel: fingerprint.cpuModel, cpuSockets: fingerprint.cpuSockets, cpuCount: fingerprint.cpuCount,
            cpuSpeedMHz: fingerprint.cpuSpeedMHz, memoryBytes: fingerprint.memoryBytes, nfsAccess: nfsAccess.rawValue,
            pools: pools, vms: vms)
    }

    public func pingReport() async -> PingReport {
        let vms: [VMPowerReport]
        do {
            vms = try await context.driver.list().map(PowerStateMapping.report)
            context.power.reported(vms)
        } catch {
            context.logger.warning("cannot list VMs", metadata: ["error": "\(FailureReason.describe(error))"])
            vms = context.power.knownNames.map { VMPowerReport(name: $0, state: .unknown) }
        }
        let stats: HostStats
        do {
            stats = try await context.hostStats.sample()
        } catch {
            context.logger.warning("cannot read host counters", metadata: ["error": "\(FailureReason.describe(error))"])
            stats = HostStats(cpuUtilization: 0, memoryTotalBytes: 0, memoryUsedBytes: 0, networkReadKBs: 0, networkWriteKBs: 0, loadAverage: 0)
        }
        var pools: [PoolReport] = []
        for poolId in await context.storage.attachedPoolIds() {
            pools.append(await context.storage.report(poolId: poolId))
        }
        return PingReport(vms: vms, stats: stats, pools: pools)
    }

    public func handle(_ command: AgentCommand) async -> CommandOutcome {
        let handler = CommandDispatch.handler(for: command)
        if let name = handler.vmName {
            context.power.begin(name)
        }
        let outcome: CommandOutcome
        let started = ContinuousClock.now
        do {
            outcome = .success(try await handler.run(in: context))
            context.logger.debug("command done", metadata: ["action": "\(handler.action)", "took": "\(ContinuousClock.now - started)"])
        } catch {
            let reason = "cannot \(handler.action): \(FailureReason.describe(error))"
            context.logger.warning("command failed", metadata: ["reason": "\(reason)"])
            outcome = .failure(reason)
        }
        if let name = handler.vmName {
            var power: VMPowerState?
            do {
                power = PowerStateMapping.power(try await context.driver.state(domain: name))
            } catch {
                power = nil
            }
            context.power.end(name, leaving: power)
        }
        return outcome
    }

    public func welcomed(_ welcome: Welcome) async {
        if let hostId = welcome.hostId {
            context.identity.setHostId(hostId)
        }
        context.logger.info("session accepted", metadata: ["host": "\(welcome.hostId ?? "not adopted")",
                                                           "server": "\(welcome.managementServerId)"])
    }

    public func powerStateChanges() -> AsyncStream<VMPowerReport> {
        context.power.changes
    }

    // MARK: Events

    /// Reads the domain's state after an event (the event may be stale) and passes it to the watcher.
    private static func observe(_ event: DomainEvent, driver: any HypervisorDriver, power: PowerStateWatcher) async {
        let epoch = power.epoch(of: event.domain)
        let state: VMPowerState
        do {
            state = PowerStateMapping.power(try await driver.state(domain: event.domain))
        } catch {
            guard let implied = PowerStateMapping.power(event.kind) else { return }
            state = implied
        }
        power.noticed(event.domain, state, epoch: epoch)
    }
}
