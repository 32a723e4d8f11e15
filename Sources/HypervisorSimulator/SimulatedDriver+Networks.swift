import Hypervisor

extension SimulatedDriver {
    public func ensure(network: NetworkSpec) async throws {
        try await enter(.ensureNetwork)
        try mutate { (state: inout SimulatorState) -> Result<Void, HypervisorError> in
            if network.name.isEmpty {
                return .failure(HypervisorError(.invalidArgument, "a network needs a name"))
            }
            if network.bridge.isEmpty || network.bridge.utf8.count > 15 {
                return .failure(HypervisorError(.invalidArgument, "invalid bridge name '\(network.bridge)'"))
            }
            if let other = state.networks.values.first(where: { $0.bridge == network.bridge && $0.name != network.name }) {
                return .failure(HypervisorError(.invalidOperation, "bridge '\(network.bridge)' is already used by network '\(other.name)'"))
            }
            let macs = network.hosts.map { $0.mac.lowercased() }
            if Set(macs).count != macs.count {
                return .failure(HypervisorError(.invalidArgument, "network '\(network.name)' reserves a MAC address twice"))
            }
            state.networks[network.name] = network
            return .success(())
        }
    }

    public func remove(network name: String) async throws {
        try await enter(.removeNetwork)
        _ = state.withLock { $0.networks.removeValue(forKey: name) }
    }

    public func listNetworks() async throws -> [String] {
        try await enter(.listNetworks)
        return state.withLock { $0.networks.keys.sorted() }
    }
}
