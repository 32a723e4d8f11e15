import AgentProtocol
import DomainModel
import Persistence
import SQLKit

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
        let rows = try await store.oneAtATime { try await store.sql.select()
            .column(SQLColumn("mac_address", table: "nic")).column(SQLColumn("ip_address", table: "nic"))
            .column(SQLColumn("name", table: "vm_instance")).column(SQLColumn("id", table: "vm_instance"))
            .column(SQLColumn("host_id", table: "vm_instance"))
            .from("nic").join("vm_instance", on: SQLColumn("vm_id", table: "nic"), .equal, SQLColumn("id", table: "vm_instance"))
            .where(SQLColumn("network_id", table: "nic"), .equal, SQLBind(network.id))
            .where(SQLColumn("removed", table: "nic"), .is, SQLLiteral.null)
            .where(SQLColumn("ip_address", table: "nic"), .isNot, SQLLiteral.null)
            .where(group: { clause in
                clause.where(SQLColumn("host_id", table: "vm_instance"), .equal, SQLBind(hostId))
                    .orWhere(SQLColumn("id", table: "vm_instance"), .equal, SQLBind(including ?? ""))
            })
            .all()
        }
        var reservations: [DHCPReservation] = []
        for row in rows {
            let vmId = try row.decode(column: "id", as: String.self)
            let vmHost = try row.decode(column: "host_id", as: String?.self)
            guard vmId != excluding, vmHost == hostId || vmId == including else { continue }
            reservations.append(DHCPReservation(
                mac: try row.decode(column: "mac_address", as: String.self), ipAddress: try row.decode(column: "ip_address", as: String.self),
                hostName: try row.decode(column: "name", as: String.self)))
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
        guard let hosts = try? await db.read.all(Tables.host, [.equals("zone_id", network.zoneId), .isNull("removed")]) else { return }
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
