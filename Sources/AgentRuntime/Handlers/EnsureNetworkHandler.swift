import AgentProtocol

/// Creates or updates a guest network's bridge and DHCP service (`cumulo-<networkId>`).
struct EnsureNetworkHandler: CommandHandler {
    let network: GuestNetworkSpec

    var action: String { "set up network \(network.networkId)" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        try await context.driver.ensure(network: NetworkMapping.network(network))
        return .done
    }
}
