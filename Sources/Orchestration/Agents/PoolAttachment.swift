import AgentProtocol
import DomainModel
import Foundation
import Persistence

extension AgentService {
    /// The enabled primary storage pools a host should attach: its cluster's, and its zone's zone-wide ones.
    func poolsInScope(of host: HypervisorHost) async throws -> [StoragePool] {
        let pools = try await db.read.all(Tables.storagePool, [.equals(.zoneId, host.zoneId)])
        return pools.filter { pool in
            guard pool.state != .disabled else { return false }
            return pool.scope == "ZONE" || (pool.clusterId != nil && pool.clusterId == host.clusterId)
        }
    }

    /// Asks a host to attach a pool, records the answer (capacity, or why the host cannot reach it) and returns it.
    @discardableResult
    func attach(_ pool: StoragePool, on host: HypervisorHost, through session: AgentSessionState) async -> PoolReport {
        let report: PoolReport
        do {
            let result = try await session.channel.send(.attachPool(Self.poolSpec(pool)), timeout: .seconds(90))
            guard case .pool(let answered) = result, answered.poolId == pool.id else {
                throw DomainError.unavailable("unexpected answer to attachPool")
            }
            report = answered
        } catch {
            report = .unreachable(pool.id, Self.reason(error))
        }
        await sessions.recordPool(report, guid: session.guid)
        await logger.attempt("the state of pool \(pool.name) as host \(host.name) sees it is not recorded") { try await record(report, of: pool, from: host) }
        return report
    }

    /// Attaches a new pool on every Up host in its scope. When hosts exist but none reaches the pool,
    /// throws with each host's reason; with no host yet the pool stays Initialized until one joins.
    public func attachNewPool(_ pool: StoragePool) async throws -> StoragePool {
        var hosts: [HypervisorHost] = []
        for host in try await db.read.all(Tables.host, [.equals(.zoneId, pool.zoneId), .isNull(.removed), .equals(.status, HostStatus.up)]) {
            if pool.scope == "ZONE" || host.clusterId == pool.clusterId { hosts.append(host) }
        }
        var failures: [String] = []
        for host in hosts {
            guard let session = await sessions.session(hostId: host.id) else { continue }
            if let error = await attach(pool, on: host, through: session).error { failures.append("\(host.name): \(error)") }
        }
        let current = try await db.read.find(Tables.storagePool, id: pool.id) ?? pool
        if !hosts.isEmpty && failures.count == hosts.count {
            throw DomainError.unavailable("No host could reach primary storage \(pool.name) at \(pool.url): \(failures.joined(separator: "; "))")
        }
        return current
    }

    /// Tells every host that has the pool to let it go (best effort) and forgets the attachments.
    public func detachPool(_ poolId: String) async {
        for session in await sessions.all() where session.pools[poolId] != nil {
            await logger.attempt("host \(session.report.hostName) may keep pool \(poolId) attached") {
                _ = try await session.channel.send(.detachPool(poolId: poolId), timeout: .seconds(30))
            }
            await sessions.forgetPool(poolId, guid: session.guid)
        }
        await logger.attempt("the host attachments of deleted pool \(poolId) stay recorded") {
            try await db.transaction { store in try await store.delete(from: Tables.storagePoolHost, [.equals(.poolId, poolId)]) }
        }
    }

    /// Stores one host's view of a pool; the pool becomes Up with the reported capacity when reachable.
    /// A host newly unable to reach the pool raises an event and an alert.
    func record(_ report: PoolReport, of pool: StoragePool, from host: HypervisorHost) async throws {
        let initiator = try await system()
        let key = "\(pool.id)/\(host.id)"
        let previous = try await db.read.find(Tables.storagePoolHost, id: key)
        try await db.transaction { store in
            let ref = StoragePoolHostRef(id: key, poolId: pool.id, hostId: host.id, error: report.error)
            if previous == nil { try await store.insert(ref, into: Tables.storagePoolHost) } else { try await store.replace(ref, in: Tables.storagePoolHost, id: key) }
            guard var current = try await store.find(Tables.storagePool, id: pool.id) else { return }
            if report.error == nil {
                if current.state == .initialized { current.state = .up }
                current.capacityBytes = report.capacityBytes
                current.usedBytes = report.usedBytes
                current.allocatedBytes = report.allocatedBytes
                try await store.replace(current, in: Tables.storagePool, id: pool.id)
            } else if previous?.error == nil {
                try await events.record("STORAGE.POOL.UNREACHABLE", "Host \(host.name) cannot reach primary storage \(pool.name): \(report.error ?? "")",
                                        by: initiator, resourceId: pool.id, resourceType: "StoragePool", level: .warn, in: store)
            }
        }
        if let error = report.error, previous?.error == nil {
            logger.warning("host \(host.name) cannot reach primary storage \(pool.name): \(error)")
            await logger.attempt("the alert that host \(host.name) cannot reach pool \(pool.name) was not raised") {
                try await events.alert(.storageMisc, subject: "Host \(host.name) cannot reach primary storage \(pool.name): \(error)",
                                       zoneId: pool.zoneId, podId: pool.podId, clusterId: pool.clusterId)
            }
        }
    }

    /// Records pools whose reachability from a host changed since its previous report.
    func notePoolReachability(_ reports: [PoolReport], before: [String: PoolReport], hostId: String) async {
        let changed = reports.filter { report in (before[report.poolId]?.error == nil) != (report.error == nil) }
        guard !changed.isEmpty else { return }
        await logger.attempt("a change in which pools host \(hostId) reaches is not recorded until its next report") {
            guard let host = try await db.read.find(Tables.host, id: hostId) else { return }
            for report in changed {
                guard let pool = try await db.read.find(Tables.storagePool, id: report.poolId) else { continue }
                try await record(report, of: pool, from: host)
            }
        }
    }

    /// A command failure as a sentence for operators.
    static func reason(_ error: any Error) -> String {
        switch error {
        case AgentChannelError.failed(let reason): reason
        case AgentChannelError.timedOut(let seconds): "the host did not answer within \(Int(seconds)) seconds"
        case AgentChannelError.disconnected: "the connection to the host closed before it answered"
        default: "\(error)"
        }
    }

    static func poolSpec(_ pool: StoragePool) -> PoolSpec {
        let kind: PoolKind = switch pool.poolType {
        case "NetworkFilesystem": .nfs
        case "SharedMountPoint": .sharedMountPoint
        default: .localDirectory
        }
        return PoolSpec(poolId: pool.id, kind: kind, server: kind == .nfs ? pool.host : "", path: pool.path)
    }
}
