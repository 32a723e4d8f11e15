import AgentProtocol
import Hypervisor

/// A guest network as the hypervisor defines it: `cumulo-<networkId>`, the bridge and its address, and the reservations.
enum NetworkMapping {
    static func network(_ spec: GuestNetworkSpec) -> NetworkSpec {
        NetworkSpec(name: LibvirtNames.network(spec.networkId), bridge: spec.bridge, address: spec.hostAddress,
                    netmask: spec.netmask,
                    hosts: spec.reservations.map { DHCPHost(mac: $0.mac, ip: $0.ipAddress, name: $0.hostName) })
    }
}
