import AgentProtocol
import DomainModel
import Foundation
import Persistence

extension AgentService {
    /// Applies a connection event to a host's status with compare-and-set, recording an event for the
    /// change (and an alert when the host goes to Alert). Returns the host when its status changed.
    @discardableResult
    func moveHost(_ hostId: String, _ event: HostStatus.Event, because reason: String, lastPinged: Date? = nil) async throws -> HypervisorHost? {
        let initiator = try await system()
        for _ in 0..<3 {
            guard let host = try await db.read.find(Tables.host, id: hostId), host.removed == nil,
                  let next = host.status.next(event)
            else { return nil }
            let current = host.status
            if next == current && lastPinged == nil { return nil }
            let serverId = managementServerId
            let moved = try await db.transaction { store in
                var row = host
                let written = try await store.update(&row, in: Tables.host) {
                    $0.status = next
                    $0.managementServerId = serverId
                    if let lastPinged { $0.lastPinged = lastPinged }
                }
                guard written else { return false }
                if next != current {
                    let level: EventLevel = next == .up || next == .connecting ? .info : .warn
                    try await events.record(
                        Self.eventType(next), "Host \(host.name) is \(next.rawValue): \(reason)", by: initiator,
                        resourceId: hostId, resourceType: "Host", level: level, in: store)
                }
                return true
            }
            guard moved else { continue }
            if next != current {
                logger.info("host \(host.name) \(current.rawValue) → \(next.rawValue): \(reason)")
                if next == .alert {
                    await logger.attempt("the alert that host \(host.name) is unreachable was not raised") {
                        try await events.alert(.host, subject: "Host \(host.name) (\(host.ipAddress)) is unreachable: \(reason)",
                                                zoneId: host.zoneId, podId: host.podId, clusterId: host.clusterId)
                    }
                }
            }
            return try await db.read.find(Tables.host, id: hostId)
        }
        throw DomainError.concurrentModification("Host \(hostId) kept changing while its connection state was updated; please retry")
    }

    static func eventType(_ status: HostStatus) -> String {
        switch status {
        case .up: "HOST.UP"
        case .connecting: "HOST.CONNECT"
        case .disconnected: "HOST.DISCONNECT"
        case .alert, .down: "HOST.DOWN"
        case .removed: "HOST.DELETE"
        }
    }

    /// Stores what the agent reported about its host: capacity, versions, this server's id.
    func refreshFigures(of host: HypervisorHost, from report: StartupReport) async throws {
        let serverId = managementServerId
        let written = try await db.transaction { store in
            var row = host
            return try await store.update(&row, in: Tables.host) {
                $0.cpuSockets = report.cpuSockets
                $0.cpuNumber = report.cpuCount
                $0.cpuSpeed = report.cpuSpeedMHz
                $0.totalMemory = report.memoryBytes
                $0.hypervisorVersion = report.hypervisorVersion
                $0.version = report.agentVersion
                $0.managementServerId = serverId
            }
        }
        if !written {
            // Another writer (a status move) got there first; the next hello writes the figures again.
            logger.debug("figures of host \(host.name) not written: the row changed meanwhile")
        }
    }

    /// Finishes a session of an added host: tells the agent which host it is, attaches the pools in its
    /// scope and moves the host to Up. On failure the connection is closed; the agent will come back.
    func bringUp(hostId: String, session: AgentSessionState) async throws {
        do {
            guard let host = try await db.read.find(Tables.host, id: hostId), host.removed == nil else { return }
            let adoption = Adoption(hostId: host.id, zoneId: host.zoneId, podId: host.podId ?? "", clusterId: host.clusterId ?? "", pools: [])
            _ = try await session.channel.send(.adopt(adoption), timeout: .seconds(30))
            for pool in try await poolsInScope(of: host) {
                await attach(pool, on: host, through: session)
            }
            guard await sessions.session(guid: session.guid)?.channel === session.channel else { return }
            try await moveHost(hostId, .agentReady, because: "its agent is connected and ready", lastPinged: Date())
            let vms = await sessions.session(guid: session.guid).map { Array($0.vms.values) } ?? session.report.vms
            notifyPower(hostId: hostId, vms, complete: true)
        } catch {
            logger.warning("setting up the session of host \(hostId) failed: \(error); closing it")
            await session.channel.close(reason: "session setup failed")
            throw error
        }
    }

    /// Sends a command to the agent of `hostId`, failing at once when the host has no live session.
    public func send(_ command: AgentCommand, toHost hostId: String, timeout: Duration = .seconds(120)) async throws -> CommandResult {
        guard let session = await sessions.session(hostId: hostId) else {
            let host = try await db.read.find(Tables.host, id: hostId)
            throw DomainError.unavailable("Host \(host?.name ?? hostId) is \(host?.status.rawValue ?? "unknown"): its agent is not connected, so the command cannot be sent")
        }
        do {
            return try await session.channel.send(command, timeout: timeout)
        } catch let error as AgentChannelError {
            switch error {
            case .failed(let reason): throw DomainError.unavailable("Host \(session.report.hostName) could not do it: \(reason)")
            case .timedOut(let seconds): throw DomainError.unavailable("Host \(session.report.hostName) did not answer within \(Int(seconds)) seconds")
            case .disconnected: throw DomainError.unavailable("The connection to host \(session.report.hostName) closed before it answered")
            }
        }
    }

    /// What the host's agent last reported, for listHosts; nil when it is not connected here.
    public func liveFigures(ofHost hostId: String) async -> HostLiveFigures? {
        guard let session = await sessions.session(hostId: hostId) else { return nil }
        return HostLiveFigures(
            lastPinged: session.lastPingDate, cpuUtilization: session.stats?.cpuUtilization ?? 0,
            memoryUsedBytes: session.stats?.memoryUsedBytes ?? 0, networkReadKBs: session.stats?.networkReadKBs ?? 0,
            networkWriteKBs: session.stats?.networkWriteKBs ?? 0, runningVMs: session.vms.values.filter { $0.state == .running }.map(\.name),
            domainType: session.report.domainType, nfsAccess: session.report.nfsAccess)
    }

    /// Names this host's current agent session, so that what was set up on the host in an earlier session
    /// (a restarted agent or hypervisor may have lost it) is not taken for granted; nil without a session.
    public func sessionStamp(ofHost hostId: String) async -> String? {
        guard let session = await sessions.session(hostId: hostId) else { return nil }
        return "\(session.guid)@\(session.connectedAt)"
    }

    /// Names of the VMs the host's agent reports running (empty when the host is not connected).
    public func runningVMs(onHost hostId: String) async -> [String] {
        await liveFigures(ofHost: hostId)?.runningVMs ?? []
    }
}

/// Live figures of a connected host, from its agent's last ping.
public struct HostLiveFigures: Sendable {
    public var lastPinged: Date
    /// Percent of the host's CPU in use.
    public var cpuUtilization: Double
    public var memoryUsedBytes: Int64
    public var networkReadKBs: Double
    public var networkWriteKBs: Double
    public var runningVMs: [String]
    public var domainType: String
    public var nfsAccess: String
}
