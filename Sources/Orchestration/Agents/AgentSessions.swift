import AgentProtocol
import Foundation

/// One agent connected to this management server.
struct AgentSessionState: Sendable {
    let guid: String
    let channel: any AgentChannel
    let peerAddress: String
    var report: StartupReport
    /// Set once an operator added the host (addHost), or at hello for a known host.
    var hostId: String?
    let pingInterval: Duration
    let connectedAt: ContinuousClock.Instant
    var lastPing: ContinuousClock.Instant
    var lastPingDate: Date
    var stats: HostStats?
    var vms: [String: VMPowerReport]
    var pools: [String: PoolReport]
    /// Pools this server asked the host to attach; reports about any other pool are ignored.
    var attachedPools: Set<String> = []

    /// True when the agent may be the host an operator names in addHost's URL.
    func answers(to address: String) -> Bool {
        let wanted = address.lowercased()
        return report.hostName.lowercased() == wanted || report.addresses.contains(wanted) || peerAddress == wanted
            || report.hostName.lowercased().split(separator: ".").first.map(String.init) == wanted
    }
}

/// The live sessions of this management server, by host guid.
actor AgentSessions {
    private var sessions: [String: AgentSessionState] = [:]

    /// Stores a new session; returns the channel of the session it replaces, if any.
    func open(_ session: AgentSessionState) -> (any AgentChannel)? {
        let previous = sessions[session.guid]?.channel
        sessions[session.guid] = session
        return previous
    }

    /// Removes the session of `guid` if it still runs on `channel`; returns it.
    func close(guid: String, channel: any AgentChannel) -> AgentSessionState? {
        guard let session = sessions[guid], session.channel === channel else { return nil }
        sessions[guid] = nil
        return session
    }

    func session(guid: String) -> AgentSessionState? { sessions[guid] }

    func session(hostId: String) -> AgentSessionState? {
        sessions.values.first { $0.hostId == hostId }
    }

    func all() -> [AgentSessionState] { Array(sessions.values) }

    /// Sessions not yet adopted by addHost whose host answers to `address`.
    func unadopted(answering address: String) -> [AgentSessionState] {
        sessions.values.filter { $0.hostId == nil && $0.answers(to: address) }
    }

    func setHostId(_ hostId: String?, guid: String) {
        sessions[guid]?.hostId = hostId
    }

    func recordPing(_ report: PingReport, guid: String) {
        guard var session = sessions[guid] else { return }
        session.lastPing = .now
        session.lastPingDate = Date()
        session.stats = report.stats
        session.vms = Dictionary(report.vms.map { ($0.name, $0) }, uniquingKeysWith: { $1 })
        for pool in report.pools where session.attachedPools.contains(pool.poolId) { session.pools[pool.poolId] = pool }
        sessions[guid] = session
    }

    /// A sign of life without a report: the session is not closed for silence.
    func recordAlive(guid: String) {
        sessions[guid]?.lastPing = .now
        sessions[guid]?.lastPingDate = Date()
    }

    func recordPowerState(_ report: VMPowerReport, guid: String) {
        sessions[guid]?.vms[report.name] = report
    }

    /// Stores the answer to an attachPool this server sent.
    func recordPool(_ report: PoolReport, guid: String) {
        sessions[guid]?.attachedPools.insert(report.poolId)
        sessions[guid]?.pools[report.poolId] = report
    }

    func forgetPool(_ poolId: String, guid: String) {
        sessions[guid]?.attachedPools.remove(poolId)
        sessions[guid]?.pools[poolId] = nil
    }
}
