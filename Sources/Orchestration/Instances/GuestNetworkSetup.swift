import AgentProtocol
import DomainModel
import Persistence

/// The guest networks a host serves for its VMs: a bridge per network and DHCP answering exactly the
/// MACs of the VMs placed on that host (static reservations, so a VM's address never changes).
enum GuestNetworkSetup {
    /// The bridge name of a network on every host: `cb` and 12 characters of its id (at most 15 in all).
    static func bridgeName(_ networkId: String) -> String {
        "cb" + networkId.filter { $0.isLetter || $0.isNumber }.prefix(12)
    }

    /// The spec of `network` on `hostId`: reservations of the live NICs of VMs placed on the host,
    /// plus `including` (a VM being started there) and minus `excluding` (one leaving it).
    static func spec(of network: Network, onHost hostId: String, including: String? = nil, excluding: String? = nil,
                     zone: Zone?, in store: Store) async throws -> GuestNetworkSpec {
        let rows = try await NicQueries.dhcpReservations(network: network.id, host: hostId, alsoVM: including, in: store)
        var reservations: [DHCPReservation] = []
        for row in rows where row.vmId != excluding && (row.vmHostId == hostId || row.vmId == including) {
            reservations.append(DHCPReservation(mac: row.macAddress, ipAddress: row.ipAddress, hostName: row.vmName))
        }
        reservations.sort { ($0.ipAddress, $0.mac) < ($1.ipAddress, $1.mac) }
        let dns = [network.dns1, network.dns2].compactMap { $0 }.filter { !$0.isEmpty }
        let zoneDNS = [zone?.dns1, zone?.dns2].compactMap { $0 }.filter { !$0.isEmpty }
        return GuestNetworkSpec(
            networkId: network.id, bridge: bridgeName(network.id), hostAddress: network.gateway ?? "",
            netmask: network.netmask ?? "255.255.255.0", gateway: network.gateway ?? "", dns: dns.isEmpty ? zoneDNS : dns,
            reservations: reservations)
    }
}

extension InstanceService {
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
}

extension InstanceService {
    /// Tells every connected host of the network's zone to remove a deleted network's bridge and DHCP
    /// service; hosts that do not have it answer at once. Best effort: a host that is down keeps an unused bridge.
    public func removeDeletedNetwork(_ network: Network) async {
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
