import AgentProtocol
import DomainModel
import Foundation
import Persistence

extension AgentService {
    /// `addHost`: adopts the agent that connected from the host named in the URL, waiting up to
    /// `agent.connect.wait` seconds for it, and returns the host once it is Up.
    public func addHost(_ registration: HostRegistration, inventory: InventoryService, by initiator: Initiator) async throws -> HypervisorHost {
        let placement = try await inventory.checkHostRegistration(registration)
        let session = try await awaitAgent(answering: placement.address)
        let cluster: Cluster
        if let named = placement.cluster {
            cluster = named
        } else {
            cluster = try await inventory.clusterForNewHost(named: registration.clusterName ?? "", podId: placement.pod.id, zoneId: placement.zone.id, by: initiator)
        }
        let report = session.report
        let address = IPv4Address(placement.address) != nil ? placement.address : (report.addresses.first ?? session.peerAddress)
        let host = HypervisorHost(
            id: ResourceID.make(), name: report.hostName, zoneId: placement.zone.id, podId: placement.pod.id, clusterId: cluster.id,
            ipAddress: address, hypervisorVersion: report.hypervisorVersion, version: report.agentVersion, status: .connecting,
            cpuSockets: report.cpuSockets, cpuNumber: report.cpuCount, cpuSpeed: report.cpuSpeedMHz, totalMemory: report.memoryBytes,
            lastPinged: Date(), managementServerId: managementServerId, guid: session.guid)
        try await db.transaction { store in
            if try await store.exists(Tables.host, [.equals(.guid, session.guid), .isNull(.removed)]) {
                throw DomainError.invalidParameter("The agent of \(report.hostName) already belongs to a host of this cloud")
            }
            if try await store.exists(Tables.host, [.equals(.ipAddress, address), .isNull(.removed)]) {
                throw DomainError.invalidParameter("A host with address \(address) is already part of the cloud")
            }
            try await store.insert(host, into: Tables.host)
            try await events.record("HOST.ADD", "Added host \(host.name) (\(address)) to cluster \(cluster.name)", by: initiator, resourceId: host.id, resourceType: "Host", in: store)
        }
        await sessions.setHostId(host.id, guid: session.guid)
        do {
            try await bringUp(hostId: host.id, session: session)
        } catch {
            await sessions.setHostId(nil, guid: session.guid)
            await logger.attempt("host \(host.name) stays in the inventory although its agent could not be set up", level: .error) {
                try await db.transaction { store in
                    try await store.overwrite(Tables.host, id: host.id, set: [.set(.status, .removed), .set(.removed, Date())])
                    try await events.record("HOST.DELETE", "Removed host \(host.name) again: its agent could not be set up: \(error)", by: initiator,
                                            resourceId: host.id, resourceType: "Host", level: .error, in: store)
                }
            }
            throw DomainError.unavailable("The agent on \(report.hostName) connected but could not be set up: \(error)")
        }
        guard let added = try await db.read.find(Tables.host, id: host.id) else { throw DomainError.notFound(kind: "host", id: host.id, parameter: "id") }
        return added
    }

    /// The one not-yet-added agent that answers to `address`, waiting for it to connect.
    func awaitAgent(answering address: String) async throws -> AgentSessionState {
        let wait = max(settings.double("agent.connect.wait"), 0)
        let deadline = ContinuousClock.now + .milliseconds(Int64(wait * 1000))
        while true {
            let candidates = await sessions.unadopted(answering: address)
            if candidates.count == 1 { return candidates[0] }
            if candidates.count > 1 {
                throw DomainError.invalidParameter(
                    "Several agents answer to \(address) (\(candidates.map(\.report.hostName).sorted().joined(separator: ", "))); add the host by its own host name")
            }
            if try await db.read.exists(Tables.host, [.equals(.ipAddress, address), .isNull(.removed)]) {
                throw DomainError.invalidParameter("A host with address \(address) is already part of the cloud")
            }
            guard ContinuousClock.now < deadline else { break }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw DomainError.unavailable(
            "No cumulo-agent has connected from host \(address) (waited \(Int(wait)) s). On that host run: cumulo-agent --server <this management server's URL> --secret-file <file holding the registration secret>; on the management server, cumulo-server agent-secret prints the secret. Then run addHost again")
    }

    /// `reconnectHost`: closes the host's session and waits for its agent to come back and reach Up.
    public func reconnect(hostId: String) async throws -> HypervisorHost {
        guard let host = try await db.read.find(Tables.host, id: hostId), host.removed == nil else {
            throw DomainError.notFound(kind: "host", id: hostId, parameter: "id")
        }
        guard let session = await sessions.session(hostId: hostId) else {
            throw DomainError.unavailable(
                "Cannot reconnect host \(host.name) (\(host.ipAddress)): its cumulo-agent is not connected. Start cumulo-agent on that host; it connects to the management server by itself")
        }
        await session.channel.close(reason: "reconnect requested by an operator")
        let deadline = ContinuousClock.now + .seconds(60)
        while ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(200))
            if let current = await sessions.session(hostId: hostId), current.channel !== session.channel,
               let now = try await db.read.find(Tables.host, id: hostId), now.status == .up {
                return now
            }
        }
        throw DomainError.unavailable("Host \(host.name) did not reconnect within 60 seconds")
    }

    /// Forgets a deleted host's session binding; its agent stays connected, waiting to be added again.
    public func hostDeleted(_ hostId: String) async {
        guard let session = await sessions.session(hostId: hostId) else { return }
        await sessions.setHostId(nil, guid: session.guid)
        await logger.attempt("the pool attachments of deleted host \(hostId) stay recorded") {
            try await db.transaction { store in try await store.delete(from: Tables.storagePoolHost, [.equals(.hostId, hostId)]) }
        }
    }
}
