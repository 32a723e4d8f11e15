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
