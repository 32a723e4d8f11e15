import AgentProtocol
import Synchronization

/// The server's end of an in-memory agent connection: what `WebSocketAgentChannel` does over a socket,
/// without the socket. A command runs at once in the agent's worker; its outcome comes back as the answer.
/// Closing it (server side) fails the pending commands and tells the agent, which may come back.
final class InMemoryAgentChannel: AgentChannel {
    private struct Pending {
        let continuation: CheckedContinuation<CommandResult, any Error>
        let timeout: Task<Void, Never>
    }

    private struct State {
        var nextId = 0
        var pending: [Int: Pending] = [:]
        var closed = false
    }

    private let worker: any AgentWorker
    private let journal: CommandJournal
    /// Called once when the server closes the channel, with its reason.
    private let closedByServer: @Sendable (InMemoryAgentChannel, String) async -> Void
    private let state = Mutex(State())

    init(worker: any AgentWorker, journal: CommandJournal,
         closedByServer: @escaping @Sendable (InMemoryAgentChannel, String) async -> Void) {
        self.worker = worker
        self.journal = journal
        self.closedByServer = closedByServer
    }

    var isClosed: Bool { state.withLock { $0.closed } }

    func send(_ command: AgentCommand, timeout: Duration) async throws -> CommandResult {
        let id = state.withLock { state in
            state.nextId += 1
            return state.nextId
        }
        return try await withCheckedThrowingContinuation { continuation in
            let timer = Task {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { self.finish(id, with: .failure(AgentChannelError.timedOut(seconds: Self.seconds(timeout)))) }
            }
            let accepted = state.withLock { state in
                guard !state.closed else { return false }
                state.pending[id] = Pending(continuation: continuation, timeout: timer)
                return true
            }
            guard accepted else {
                timer.cancel()
                continuation.resume(throwing: AgentChannelError.disconnected)
                return
            }
            journal.record(command)
            // The agent keeps working on a command whose connection closed, as a real host would.
            Task {
                let outcome = await self.worker.handle(command)
                switch outcome {
                case .success(let result): self.finish(id, with: .success(result))
                case .failure(let reason): self.finish(id, with: .failure(AgentChannelError.failed(reason)))
                }
            }
        }
    }

    func close(reason: String) async {
        guard failAll() else { return }
        await closedByServer(self, reason)
    }

    /// Fails every pending command and refuses new ones; false when the channel was closed already.
    @discardableResult
    func failAll() -> Bool {
        let (wasOpen, pending) = state.withLock { state in
            defer {
                state.closed = true
                state.pending.removeAll()
            }
            return (!state.closed, Array(state.pending.values))
        }
        for entry in pending {
            entry.timeout.cancel()
            entry.continuation.resume(throwing: AgentChannelError.disconnected)
        }
        return wasOpen
    }

    private func finish(_ id: Int, with result: Result<CommandResult, any Error>) {
        guard let entry = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return }
        entry.timeout.cancel()
        entry.continuation.resume(with: result)
    }

    private static func seconds(_ duration: Duration) -> Double {
        let (seconds, attoseconds) = duration.components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
