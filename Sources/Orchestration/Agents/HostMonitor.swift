import DomainModel
import Foundation
import Persistence
import ServiceLifecycle

/// Watches host connections once a second: closes sessions whose pings stopped, marks hosts without a
/// session Disconnected and then Alert, and every 30 seconds writes ping times and pool figures.
public struct HostMonitor: Service {
    let agents: AgentService

    public init(agents: AgentService) {
        self.agents = agents
    }

    public func run() async throws {
        var lastPersist = ContinuousClock.now
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            guard await pause(for: .seconds(1)) else { return }
            await agents.checkConnections()
            if ContinuousClock.now - lastPersist > .seconds(30) {
                await agents.persistFigures()
                lastPersist = .now
            }
        }
    }
}

extension AgentService {
    /// One round of the monitor.
    func checkConnections() async {
        let now = ContinuousClock.now
        for session in await sessions.all() where now - session.lastPing > session.pingInterval * 2 + .milliseconds(500) {
            logger.warning("no ping from \(session.report.hostName) for \(now - session.lastPing); closing its connection")
            await session.channel.close(reason: "no ping for two intervals")
            await disconnected(guid: session.guid, channel: session.channel)
        }
        let interval = max(settings.double("ping.interval"), 0.2)
        let timeout = interval * max(settings.double("ping.timeout"), 1)
        let grace = Duration.milliseconds(Int64(max(2 * interval, 10) * 1000))
        guard let hosts = await logger.attempt("host states are not checked this second", {
            try await db.read.all(Tables.host, [.isNull(.removed), .isIn(.status, [HostStatus.connecting, .up, .disconnected])])
        }) else { return }
        for host in hosts where host.managementServerId == nil || host.managementServerId == managementServerId {
            if await sessions.session(hostId: host.id) != nil { continue }
            switch host.status {
            case .up, .connecting:
                // After a restart of this server, agents get a grace period to reconnect.
                if now - startedAt > grace {
                    await logger.attempt("host \(host.name) stays \(host.status.rawValue) without an agent until the next check") {
                        try await moveHost(host.id, .connectionLost, because: "its agent is not connected")
                    }
                }
            case .disconnected:
                let silentSince = host.lastPinged ?? Date(timeIntervalSinceNow: -(now - startedAt).seconds)
                if Date().timeIntervalSince(silentSince) > timeout {
                    await logger.attempt("host \(host.name) stays Disconnected instead of Alert until the next check") {
                        try await moveHost(host.id, .silenceExceeded, because: "no contact for more than \(Int(timeout)) seconds (ping.timeout × ping.interval)")
                    }
                }
            default:
                break
            }
        }
    }

    /// Writes the last ping time of every connected host and the latest pool figures.
    func persistFigures() async {
        let live = await sessions.all().filter { $0.hostId != nil }
        guard !live.isEmpty else { return }
        await logger.attempt("ping times and pool figures of \(live.count) host(s) are not stored this round") {
            try await db.transaction { store in
                for session in live {
                    guard let hostId = session.hostId else { continue }
                    _ = try await store.update(Tables.host, id: hostId, where: [.equals(.status, .up)], set: [.set(.lastPinged, session.lastPingDate)])
                    for report in session.pools.values where report.error == nil {
                        _ = try await store.update(
                            Tables.storagePool, id: report.poolId, where: [.equals(.state, .up)],
                            set: [.set(.capacityBytes, report.capacityBytes), .set(.usedBytes, report.usedBytes), .set(.allocatedBytes, report.allocatedBytes)])
                    }
                }
            }
        }
    }
}

extension Duration {
    var seconds: Double {
        let (s, atto) = components
        return Double(s) + Double(atto) / 1e18
    }
}
