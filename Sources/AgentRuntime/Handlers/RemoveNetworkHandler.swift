import AgentProtocol

/// Removes a guest network's bridge and DHCP service; one already gone is fine.
struct RemoveNetworkHandler: CommandHandler {
    let networkId: String

    var action: String { "remove network \(networkId)" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        try await context.driver.remove(network: LibvirtNames.network(networkId))
        return .done
    }
}
