import AgentProtocol
import Synchronization

/// Every command the server sent an in-process agent, in the order they arrived, for tests to read.
public final class CommandJournal: Sendable {
    private let commands = Mutex<[AgentCommand]>([])

    public init() {}

    func record(_ command: AgentCommand) {
        commands.withLock { $0.append(command) }
    }

    /// The commands so far.
    public var all: [AgentCommand] { commands.withLock { $0 } }

    /// The names of the VMs the server asked to start, in order.
    public var startedVMs: [String] {
        all.compactMap { command in
            if case .startVM(let spec) = command { return spec.name }
            return nil
        }
    }
}
