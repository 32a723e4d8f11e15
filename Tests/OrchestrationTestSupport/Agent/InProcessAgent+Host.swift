import Hypervisor
import HypervisorSimulator

/// What is on the simulated host, named by the server's ids. The agent names libvirt objects
/// `cumulo-<id>` (`AgentRuntime`'s `LibvirtNames`); this is the one place the tests rely on that.
extension InProcessAgent {
    static func libvirtName(_ id: String) -> String { "cumulo-" + id }

    /// Names of the volume files in the pool of `poolId` on this host.
    public func volumeNames(onPool poolId: String) async throws -> [String] {
        try await driver.listVolumes(pool: Self.libvirtName(poolId)).map(\.name)
    }

    /// The DHCP reservations the host's copy of guest network `networkId` holds; nil when it has no such network.
    public func dhcpReservations(onNetwork networkId: String) -> [DHCPHost]? {
        driver.network(Self.libvirtName(networkId))?.hosts
    }

    /// The domain of `instanceName` runs on this host.
    public func runs(_ instanceName: String) -> Bool {
        driver.domainState(instanceName)?.isActive ?? false
    }
}
