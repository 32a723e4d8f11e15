import AgentProtocol
import Synchronization
import HummingbirdWebSocket

/// The server's channel to one agent over its WebSocket: numbers commands and matches answers to them.
final class WebSocketAgentChannel: AgentChannel {
    private struct Pending {
        let continuation: CheckedContinuation<CommandResult, any Error>
        let timeout: Task<Void, Never>
    }

    private struct State {
        var nextId = 0
        var pending: [Int: Pending] = [:]
        var closed = false
    }

    private let outbound: WebSocketOutboundWriter
    private let state = Mutex(State())

    init(outbound: WebSocketOutboundWriter) {
        self.outbound = outbound
    }

    func send(_ command: AgentCommand, timeout: Duration) async throws -> CommandResult {
        let id = state.withLock { state in
            state.nextId += 1
            return state.nextId
        }
        let frame = try FrameCodec.encode(ServerMessage.command(CommandRequest(id: id, command: command, timeoutSeconds: timeout.seconds)))
        return try await withCheckedThrowingContinuation { continuation in
            let timer = Task {
                try? await Task.sleep(for: timeout)
                if !Task.isCancelled { self.finish(id, with: .failure(AgentChannelError.timedOut(seconds: timeout.seconds))) }
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
            Task {
                do { try await self.outbound.write(.text(frame)) } catch { self.finish(id, with: .failure(AgentChannelError.disconnected)) }
            }
        }
    }

    func close(reason: String) async {
        failAll()
        try? await outbound.close(.normalClosure, reason: String(reason.prefix(120)))
    }

    /// Delivers an answer; answers to unknown ids (late, after a timeout) are dropped. Returns whether it matched.
    @discardableResult
    func deliver(_ answer: CommandAnswer) -> Bool {
        let result: Result<CommandResult, any Error> = switch answer.outcome {
        case .success(let value): .success(value)
        case .failure(let reason): .failure(AgentChannelError.failed(reason))
        }
        return finish(answer.id, with: result)
    }

    /// Fails every pending command and refuses new ones.
    func failAll() {
        let pending = state.withLock { state in
            state.closed = true
            defer { state.pending.removeAll() }
            return Array(state.pending.values)
        }
        for entry in pending {
            entry.timeout.cancel()
            entry.continuation.resume(throwing: AgentChannelError.disconnected)
        }
    }

    @discardableResult
    private func finish(_ id: Int, with result: Result<CommandResult, any Error>) -> Bool {
        guard let entry = state.withLock({ $0.pending.removeValue(forKey: id) }) else { return false }
        entry.timeout.cancel()
        entry.continuation.resume(with: result)
        return true
    }
}
