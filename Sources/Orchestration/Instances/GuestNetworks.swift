import AgentProtocol
import DomainModel
import Logging
import Persistence

/// Keeps hosts' guest networks in line with the VMs placed on them: sends a host the spec of each network
/// its VMs use (`GuestNetworkSetup`), one update at a time per host and network, remembers which networks
/// each agent session already serves, and removes deleted networks from hosts.
final class GuestNetworks: Sendable {
    let db: Database
    let agents: AgentService
    let logger: Logger
    /// Guest network updates, one at a time per host and network.
    let networkQueue = KeyedSerialQueue()
    /// Networks set up per agent session (`sessionStamp/networkId`), so later VMs need not wait for their DHCP reservation.
    let servedNetworks = KeySet()

    init(db: Database, agents: AgentService, logger: Logger) {
        self.db = db
        self.agents = agents
        self.logger = logger
    }

    /// Brings the networks of `nics` up to date on `hostId`, one update at a time per host and network.
    func ensureNetworks(_ nics: [Nic], onHost hostId: String, including: String? = nil, excluding: String? = nil) async throws {
        for networkId in Set(nics.map(\.networkId)).sorted() {
            try await networkQueue.run(hostId + "/" + networkId) { [self] in
                guard let network = try await db.read.find(Tables.network, id: networkId) else { return }
                let zone = try await db.read.find(Tables.zone, id: network.zoneId)
                let spec = try await GuestNetworkSetup.spec(of: network, onHost: hostId, including: including, excluding: excluding, zone: zone, in: db.read)
                guard !spec.hostAddress.isEmpty else {
                    throw DomainError.invalidState("Network \(network.name) has no gateway, so no host can serve it")
                }
                let stamp = await agents.sessionStamp(ofHost: hostId)
                _ = try await agents.send(.ensureNetwork(spec), toHost: hostId, timeout: .seconds(60))
                if let stamp { servedNetworks.insert(stamp + "/" + networkId) }
            }
        }
    }

    /// True when every network of `nics` has been set up on the host in its current agent session.
    func networksServed(_ nics: [Nic], onHost hostId: String) async -> Bool {
        guard !nics.isEmpty, let stamp = await agents.sessionStamp(ofHost: hostId) else { return false }
        return nics.allSatisfy { servedNetworks.contains(stamp + "/" + $0.networkId) }
    }

    /// Tells every connected host of the network's zone to remove a deleted network's bridge and DHCP
    /// service; hosts that do not have it answer at once. Best effort: a host that is down keeps an unused bridge.
    func removeDeletedNetwork(_ network: Network) async {
        guard let hosts = await logger.attempt("hosts keep the bridge of deleted network \(network.name)", {
            try await db.read.all(Tables.host, [.equals(.zoneId, network.zoneId), .isNull(.removed)])
        }) else { return }
        for host in hosts {
            if let stamp = await agents.sessionStamp(ofHost: host.id) { servedNetworks.remove(stamp + "/" + network.id) }
        }
        for host in hosts where await agents.liveFigures(ofHost: host.id) != nil {
            do {
                _ = try await agents.send(.removeNetwork(networkId: network.id), toHost: host.id, timeout: .seconds(60))
            } catch {
                logger.warning("host \(host.name) could not remove deleted network \(network.name): \(error)")
            }
        }
    }
}
