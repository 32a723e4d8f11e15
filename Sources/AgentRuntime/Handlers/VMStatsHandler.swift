import AgentProtocol
import Hypervisor

/// Usage of the named VMs (every running VM when no names are given); VMs that do not exist are left out.
struct VMStatsHandler: CommandHandler {
    let names: [String]

    var action: String { "read VM statistics" }

    func run(in context: RuntimeContext) async throws -> CommandResult {
        let driver = context.driver
        let wanted = names.isEmpty ? try await driver.list().filter { $0.state.isActive }.map(\.name) : names
        var stats: [VMStats] = []
        for name in wanted {
            do {
                let counters = try await driver.stats(domain: name)
                stats.append(context.vmStats.stats(name: name, counters: counters))
            } catch let error as HypervisorError where error.kind == .noDomain {
                context.vmStats.forget(name)
            }
        }
        return .vmStats(stats)
    }
}
