import AgentProtocol
import Crypto
import DomainModel
import Foundation
import Logging
import Persistence
import Synchronization

/// The management server's side of agent sessions: registration, hellos, reports, commands to hosts,
/// and the host and pool states that follow from them. The transport calls it as an `AgentHub`.
public final class AgentService: AgentHub {
    let db: Database
    let settings: Settings
    let events: EventRecorder
    let managementServerId: String
    let logger: Logger
    let sessions = AgentSessions()
    let startedAt = ContinuousClock.now
    let background: BackgroundWork
    /// The VM power states hosts report, for the reconciler.
    public let powerReports = PowerReportFeed()
    private let registrationSecret: String
    private let systemAccount = Mutex<Initiator?>(nil)

    func notifyPower(hostId: String, _ reports: [VMPowerReport], complete: Bool) {
        powerReports.publish(PowerReportBatch(hostId: hostId, reports: reports, complete: complete))
    }

    init(db: Database, settings: Settings, events: EventRecorder, background: BackgroundWork, managementServerId: String,
         registrationSecret: String, logger: Logger) {
        self.db = db
        self.settings = settings
        self.events = events
        self.background = background
        self.managementServerId = managementServerId
        self.registrationSecret = registrationSecret
        self.logger = logger
    }

    // MARK: AgentHub

    public func register(_ request: RegistrationRequest, peerAddress: String) async throws -> HostCredential {
        try Self.checkVersion(request.protocolVersion)
        guard Self.constantTimeEquals(request.secret, registrationSecret) else {
            logger.warning("refused agent registration from \(peerAddress) (host name \(Self.printable(request.hostName))): wrong registration secret")
            throw Refusal(reason: "wrong registration secret", retryable: false)
        }
        let hostName = request.hostName.trimmingCharacters(in: .whitespaces)
        guard HostNameRules.isValid(hostName) else {
            throw Refusal(reason: "the host name \(Self.printable(hostName)) is not a valid host name", retryable: false)
        }
        let credential = HostCredential(guid: UUID().uuidString.lowercased(), token: TokenGenerator.token(bytes: 32))
        let initiator = try await system()
        try await db.transaction { store in
            try await store.insert(
                AgentCredential(id: credential.guid, tokenHash: Self.hash(credential.token), hostName: hostName, registeredFrom: peerAddress),
                into: Tables.agentCredential)
            try await events.record("AGENT.REGISTER", "Agent of host \(hostName) registered from \(peerAddress) as \(credential.guid)", by: initiator, in: store)
        }
        logger.info("agent of host \(hostName) registered from \(peerAddress) as \(credential.guid)")
        return credential
    }

    public func connect(_ hello: Hello, peerAddress: String, channel: any AgentChannel) async throws -> Welcome {
        try Self.checkVersion(hello.protocolVersion)
        let guid = hello.credential.guid
        guard let stored = try await db.read.find(Tables.agentCredential, id: guid), stored.revoked == nil,
              Self.constantTimeEquals(Self.hash(hello.credential.token), stored.tokenHash)
        else {
            logger.warning("refused agent hello from \(peerAddress): unknown or revoked credential \(Self.printable(guid))")
            throw Refusal(reason: "unknown or revoked host credential; the agent registers again with the registration secret", retryable: false)
        }
        let report = Self.sanitized(hello.report)
        let host = try await db.read.first(Tables.host, [.equals(.guid, guid), .isNull(.removed)])
        let interval = max(settings.double("ping.interval"), 0.2)
        let now = ContinuousClock.now
        let session = AgentSessionState(
            guid: guid, channel: channel, peerAddress: peerAddress, report: report, hostId: host?.id,
            pingInterval: .milliseconds(Int64(interval * 1000)), connectedAt: now, lastPing: now, lastPingDate: Date(),
            stats: nil, vms: Dictionary(report.vms.map { ($0.name, $0) }, uniquingKeysWith: { $1 }),
            pools: [:])
        if let previous = await sessions.open(session) {
            await previous.close(reason: "replaced by a new connection of the same host")
        }
        if let host {
            try await refreshFigures(of: host, from: report)
            _ = try await moveHost(host.id, .agentConnected, because: "its agent connected from \(peerAddress)")
        }
        logger.info("agent \(guid) (\(report.hostName)) connected from \(peerAddress)\(host.map { " as host \($0.name)" } ?? ", not yet added")")
        return Welcome(pingIntervalSeconds: interval, hostId: host?.id, managementServerId: managementServerId)
    }

    public func sessionStarted(guid: String, channel: any AgentChannel) async {
        guard let session = await sessions.session(guid: guid), session.channel === channel, let hostId = session.hostId else { return }
        background.submit("set up the session of host \(hostId)") { try await self.bringUp(hostId: hostId, session: session) }
    }

    public func received(_ message: AgentMessage, from guid: String) async {
        switch message {
        case .ping(let report):
            let before = await sessions.session(guid: guid)
            await sessions.recordPing(report, guid: guid)
            if let before, let hostId = before.hostId {
                let attached = report.pools.filter { before.attachedPools.contains($0.poolId) }
                await notePoolReachability(attached, before: before.pools, hostId: hostId)
                notifyPower(hostId: hostId, report.vms, complete: true)
            }
        case .alive:
            await sessions.recordAlive(guid: guid)
        case .powerStateChanged(let report):
            await sessions.recordPowerState(report, guid: guid)
            if let hostId = await sessions.session(guid: guid)?.hostId {
                notifyPower(hostId: hostId, [report], complete: false)
            }
        default: break
        }
    }

    public func disconnected(guid: String, channel: any AgentChannel) async {
        guard let session = await sessions.close(guid: guid, channel: channel) else { return }
        logger.info("agent \(guid) (\(session.report.hostName)) disconnected")
        if let hostId = session.hostId {
            // The silence that leads to Alert counts from the last ping, which is only written every 30 s otherwise.
            await logger.attempt("the status of host \(hostId) is not updated after its agent disconnected", level: .error) {
                try await moveHost(hostId, .connectionLost, because: "the connection to its agent closed", lastPinged: session.lastPingDate)
            }
        }
    }

    // MARK: Helpers

    /// The actor recorded on events the system causes by itself.
    func system() async throws -> Initiator {
        if let initiator = systemAccount.withLock({ $0 }) { return initiator }
        guard let account = try await db.read.first(Tables.account, [.equals(.name, "system")]) else {
            throw DomainError.invalidState("the system account is missing")
        }
        let initiator = Initiator(userId: nil, accountId: account.id, domainId: account.domainId)
        systemAccount.withLock { $0 = initiator }
        return initiator
    }

    static func checkVersion(_ version: Int) throws {
        guard version == AgentProtocolVersion.current else {
            throw Refusal(reason: "agent protocol version \(version) is not supported; this server speaks version \(AgentProtocolVersion.current)", retryable: false)
        }
    }

    static func hash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }

    /// Compares two secrets without leaking where they differ: swift-crypto compares digests in constant time.
    static func constantTimeEquals(_ a: String, _ b: String) -> Bool {
        SHA256.hash(data: Data(a.utf8)) == SHA256.hash(data: Data(b.utf8))
    }

    /// A value from an agent, safe to put in a log line: printable ASCII, at most 80 characters.
    static func printable(_ value: String) -> String {
        String(value.unicodeScalars.filter { $0.isASCII && $0.value >= 0x20 && $0.value < 0x7f }.map(Character.init).prefix(80))
    }

    /// The report with values bounded, so a confused agent cannot store nonsense.
    static func sanitized(_ report: StartupReport) -> StartupReport {
        var r = report
        r.hostName = printable(r.hostName)
        r.addresses = r.addresses.filter { IPv4Address($0) != nil }.prefix(64).map { $0 }
        r.cpuCount = min(max(r.cpuCount, 0), 1 << 16)
        r.cpuSockets = min(max(r.cpuSockets, 0), 1 << 10)
        r.cpuSpeedMHz = min(max(r.cpuSpeedMHz, 0), 1 << 20)
        r.memoryBytes = min(max(r.memoryBytes, 0), 1 << 56)
        r.hypervisorVersion = printable(r.hypervisorVersion)
        r.agentVersion = printable(r.agentVersion)
        r.cpuModel = printable(r.cpuModel)
        return r
    }
}
