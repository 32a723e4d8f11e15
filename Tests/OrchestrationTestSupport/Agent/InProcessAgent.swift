import AgentProtocol
import AgentRuntime
import HypervisorSimulator
import Logging
import Synchronization

/// A cumulo agent inside the test process: the real `AgentRuntime` over a `SimulatedDriver`, connected to
/// the server's `AgentHub` through in-memory channels. It does what `AgentDialer` and `AgentListener` do on
/// the wire — register, hello → welcome → sessionStarted, pings on the welcome's interval, power-state
/// changes as they happen, answers to commands — and lets a test pause pings, ping at once, hold back
/// power-state reports, and drop and restore the connection.
public final class InProcessAgent: Sendable {
    /// The simulated hypervisor: inject failures, power guests off, look at domains, networks and volumes.
    public let driver: SimulatedDriver
    public let runtime: AgentRuntime
    public let hostName: String
    /// The address the host reports; `addHost` finds the agent by it.
    public let address: String
    /// Every command the server sent.
    public let journal = CommandJournal()

    private struct Session {
        let guid: String
        let channel: InMemoryAgentChannel
        let pings: Task<Void, Never>
    }

    private struct State {
        var credential: HostCredential?
        var session: Session?
        var pingsPaused = false
        var powerReportsHeld = false
        var reconnectsWhenClosed = true
        var reconnect: Task<Void, Never>?
        var stopped = false
    }

    private let hub: any AgentHub
    private let registrationSecret: String
    private let state = Mutex(State())
    private let forwarder = Mutex<Task<Void, Never>?>(nil)

    /// - Parameters:
    ///   - hub: The server side, normally the cloud's `AgentService`.
    ///   - filesDirectory: Where the runtime keeps its state and VM files (config drives); the caller removes it.
    public init(hub: any AgentHub, registrationSecret: String, hostName: String = "sim-host-1", address: String = "198.19.0.1",
                driver: SimulatedDriver? = nil, filesDirectory: String, logger: Logger) {
        let driver = driver ?? SimulatedDriver(hostName: hostName)
        let configuration = AgentRuntimeConfiguration(
            hostName: hostName, stateDirectory: filesDirectory + "/state", vmFilesDirectory: filesDirectory + "/vm-files",
            agentVersion: "test", stopTimeoutSeconds: 1, stopPollInterval: .milliseconds(10), addresses: [address])
        let storage = StorageRouter(driver: driver, mountRoot: configuration.mountRoot, preference: .auto, userspaceNFS: nil)
        self.driver = driver
        self.runtime = AgentRuntime(driver: driver, storage: storage, configuration: configuration, logger: logger)
        self.hostName = hostName
        self.address = address
        self.hub = hub
        self.registrationSecret = registrationSecret
        let changes = runtime.powerStateChanges()
        let runtime = self.runtime
        forwarder.withLock { task in
            task = Task { [weak self] in
                await withTaskGroup(of: Void.self) { group in
                    // The runtime follows the simulator's domain events, as the agent's service group runs it.
                    group.addTask { try? await runtime.run() }
                    for await report in changes {
                        await self?.forward(report)
                    }
                    group.cancelAll()
                }
            }
        }
    }

    deinit {
        forwarder.withLock { $0?.cancel() }
    }

    // MARK: Connection

    /// Opens a session as the dialer does: registers first when the agent has no credential yet, then says
    /// hello with its startup report and starts pinging once welcomed. An open session is dropped first, and
    /// a reconnect the agent had planned by itself is called off.
    @discardableResult
    public func connect() async throws -> Welcome {
        state.withLock { $0.reconnect.take() }?.cancel()
        await disconnect()
        let credential = try await credential()
        let report = try await runtime.startupReport()
        let channel = InMemoryAgentChannel(worker: runtime, journal: journal) { [weak self] channel, _ in
            await self?.closedByServer(channel)
        }
        let welcome = try await hub.connect(Hello(credential: credential, report: report), peerAddress: address, channel: channel)
        await runtime.welcomed(welcome)
        let pings = pinging(every: .milliseconds(Int64(max(welcome.pingIntervalSeconds, 0.2) * 1000)), on: channel)
        state.withLock { $0.session = Session(guid: credential.guid, channel: channel, pings: pings) }
        await hub.sessionStarted(guid: credential.guid, channel: channel)
        return welcome
    }

    /// Drops the connection from the agent's side (a network failure): pending commands fail and the server
    /// hears that the session ended. The agent stays away until `connect()`.
    public func disconnect() async {
        guard let session = state.withLock({ state -> Session? in
            defer { state.session = nil }
            return state.session
        }) else { return }
        session.pings.cancel()
        session.channel.failAll()
        await hub.disconnected(guid: session.guid, channel: session.channel)
    }

    /// Whether the agent comes back by itself (after 50 ms) when the server closes its connection, as the real
    /// dialer does; true by default.
    public func reconnectsWhenClosed(_ reconnects: Bool) {
        state.withLock { $0.reconnectsWhenClosed = reconnects }
    }

    /// Ends everything the agent runs: its session, pings, reconnects and the power-state forwarder.
    public func stop() async {
        let reconnect = state.withLock { state in
            state.stopped = true
            return state.reconnect
        }
        reconnect?.cancel()
        forwarder.withLock { $0?.cancel() }
        await disconnect()
    }

    public var isConnected: Bool { state.withLock { $0.session != nil } }

    /// The credential's guid, once registered.
    public var guid: String? { state.withLock { $0.credential?.guid } }

    // MARK: Reports

    /// Stops or resumes the periodic pings; the session stays open, so the server's monitor notices the silence.
    public func pausePings(_ paused: Bool = true) {
        state.withLock { $0.pingsPaused = paused }
    }

    /// Sends a ping now (paused or not) and returns once the server has handled it.
    public func pingNow() async {
        guard let session = state.withLock({ $0.session }) else { return }
        await ping(on: session.channel, guid: session.guid)
    }

    /// Holds back the power-state changes the host notices by itself (they are dropped, as on a broken
    /// connection), so that only pings tell the server; false sends them again.
    public func holdPowerReports(_ held: Bool = true) {
        state.withLock { $0.powerReportsHeld = held }
    }

    // MARK: Internals

    private func credential() async throws -> HostCredential {
        if let known = state.withLock({ $0.credential }) { return known }
        let issued = try await hub.register(RegistrationRequest(secret: registrationSecret, hostName: hostName), peerAddress: address)
        state.withLock { $0.credential = issued }
        return issued
    }

    private func pinging(every interval: Duration, on channel: InMemoryAgentChannel) -> Task<Void, Never> {
        Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: interval)
                guard !Task.isCancelled, let self else { return }
                guard let session = self.state.withLock({ $0.pingsPaused ? nil : $0.session }), session.channel === channel else { continue }
                await self.ping(on: channel, guid: session.guid)
            }
        }
    }

    private func ping(on channel: InMemoryAgentChannel, guid: String) async {
        let report = await runtime.pingReport()
        guard !channel.isClosed else { return }
        await hub.received(.ping(report), from: guid)
    }

    private func forward(_ report: VMPowerReport) async {
        guard let session = state.withLock({ $0.powerReportsHeld ? nil : $0.session }), !session.channel.isClosed else { return }
        await hub.received(.powerStateChanged(report), from: session.guid)
    }

    /// The server closed `channel` (reconnectHost, a replaced session, silence): the session ends as the
    /// listener ends it, and the agent dials again unless told not to.
    private func closedByServer(_ channel: InMemoryAgentChannel) async {
        guard let session = state.withLock({ state -> Session? in
            guard let session = state.session, session.channel === channel else { return nil }
            state.session = nil
            return session
        }) else { return }
        session.pings.cancel()
        await hub.disconnected(guid: session.guid, channel: channel)
        state.withLock { state in
            guard state.reconnectsWhenClosed, !state.stopped else { return }
            state.reconnect = Task { [weak self] in
                try? await Task.sleep(for: .milliseconds(50))
                guard let self, self.state.withLock({ state in
                    guard !Task.isCancelled, !state.stopped else { return false }
                    state.reconnect = nil
                    return true
                }) else { return }
                _ = try? await self.connect()
            }
        }
    }
}
