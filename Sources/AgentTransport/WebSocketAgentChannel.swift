import AgentProtocol
import AsyncCoordination
import Synchronization
import HummingbirdWebSocket

/// The server's channel to one agent over its WebSocket: numbers commands and matches answers to them.
final class WebSocketAgentChannel: AgentChannel {
    /// Where the answer to one sent command stands.
    private enum Reply {
        /// The command is going out or out; nobody waits on the answer yet.
        case expected
        /// The sender waits for the answer.
        case awaited(CheckedContinuation<CommandResult, any Error>)
        /// The outcome came before the sender began to wait.
        case arrived(Result<CommandResult, any Error>)
    }

    private struct State {
        var nextId = 0
        var pending: [Int: Reply] = [:]
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
        // Registered before the frame goes out, so an answer that comes back at once is kept.
        try state.withLock { state in
            guard !state.closed else { throw AgentChannelError.disconnected }
            state.pending[id] = .expected
        }
        // After a timeout or cancellation the id is forgotten: a late answer is dropped.
        defer { _ = state.withLock { $0.pending.removeValue(forKey: id) } }
        return try await withTimeout(timeout, orThrow: { AgentChannelError.timedOut(seconds: timeout.seconds) }) {
            do {
                try await self.outbound.write(.text(frame))
            } catch {
                if Task.isCancelled { throw CancellationError() }
                throw AgentChannelError.disconnected
            }
            return try await self.answer(to: id)
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
        let waiting = state.withLock { state in
            state.closed = true
            var waiting: [CheckedContinuation<CommandResult, any Error>] = []
            for (id, reply) in state.pending {
                switch reply {
                case .awaited(let continuation):
                    waiting.append(continuation)
                    state.pending[id] = nil
                case .expected:
                    state.pending[id] = .arrived(.failure(AgentChannelError.disconnected))
                case .arrived:
                    break
                }
            }
            return waiting
        }
        for continuation in waiting {
            continuation.resume(throwing: AgentChannelError.disconnected)
        }
    }

    /// Waits for the outcome of command `id`; cancellation ends the wait with `CancellationError`.
    private func answer(to id: Int) async throws -> CommandResult {
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { continuation in
                let ready: Result<CommandResult, any Error>? = state.withLock { state in
                    switch state.pending[id] {
                    case .arrived(let result)?:
                        state.pending[id] = nil
                        return result
                    case .expected?:
                        // Cancelled before the handler below had a waiter to wake.
                        if Task.isCancelled { return .failure(CancellationError()) }
                        state.pending[id] = .awaited(continuation)
                        return nil
                    case .awaited?, nil:
                        return .failure(AgentChannelError.disconnected)
                    }
                }
                if let ready { continuation.resume(with: ready) }
            }
        } onCancel: {
            finish(id, with: .failure(CancellationError()))
        }
    }

    /// Hands `result` to the sender of command `id`; false when no command with that id waits for an answer.
    @discardableResult
    private func finish(_ id: Int, with result: Result<CommandResult, any Error>) -> Bool {
        let (matched, waiting): (Bool, CheckedContinuation<CommandResult, any Error>?) = state.withLock { state in
            switch state.pending[id] {
            case .awaited(let continuation)?:
                state.pending[id] = nil
                return (true, continuation)
            case .expected?:
                state.pending[id] = .arrived(result)
                return (true, nil)
            case .arrived?, nil:
                return (false, nil)
            }
        }
        waiting?.resume(with: result)
        return matched
    }
}
