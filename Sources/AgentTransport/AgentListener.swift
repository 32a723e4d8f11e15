import AgentProtocol
import Hummingbird
import HummingbirdWebSocket
import Logging
import Synchronization

/// The server end of agent connections: a WebSocket route on the API's port. Each connection must
/// register or say hello first; after that it carries pings, power-state reports and command answers.
/// A connection that breaks the protocol is closed, never trusted.
public struct AgentListener: Sendable {
    /// The path agents connect to.
    public static let path = "/agent"
    /// How long a new connection may stay silent before it is closed.
    static let helloTimeout: Duration = .seconds(15)

    let hub: any AgentHub
    let logger: Logger
    /// Connections that have not said hello yet, bounded in all and per address.
    let waiting: WaitingConnections

    public init(hub: any AgentHub, logger: Logger, waiting: WaitingConnections = WaitingConnections()) {
        self.hub = hub
        self.logger = logger
        self.waiting = waiting
    }

    /// A router that upgrades `GET /agent` to a WebSocket; pass it as the server's WebSocket router.
    public func makeRouter() -> Router<AgentRequestContext> {
        let router = Router(context: AgentRequestContext.self)
        router.ws(RouterPath(stringLiteral: Self.path)) { inbound, outbound, context in
            let peer = context.requestContext.remoteAddress?.ipAddress ?? "unknown"
            guard waiting.admit(peer) else {
                logger.warning("agent connection from \(peer) refused: too many connections wait for their hello")
                try? await outbound.close(.policyViolation, reason: "too many connections waiting")
                return
            }
            await AgentSession(hub: hub, outbound: outbound, peer: peer, waiting: waiting, logger: logger).run(inbound)
        }
        return router
    }

    /// WebSocket settings for agent connections: frames of at most `FrameCodec.maxFrameBytes` (longer messages
    /// come in several), keep-alive pings.
    public static var webSocketConfiguration: WebSocketServerConfiguration {
        WebSocketServerConfiguration(maxFrameSize: FrameCodec.maxFrameBytes, autoPing: .enabled(timePeriod: .seconds(20)))
    }
}

/// One agent connection on the server: the handshake, then reports and answers until it closes.
struct AgentSession {
    let hub: any AgentHub
    let outbound: WebSocketOutboundWriter
    let peer: String
    let waiting: WaitingConnections
    let logger: Logger

    /// Whether the connection has said hello, shared with the silence guard.
    final class Greeting: Sendable {
        private let said = Mutex(false)
        var happened: Bool { said.withLock { $0 } }
        /// Records the hello; true the first time.
        func note() -> Bool { said.withLock { said in defer { said = true }; return !said } }
    }

    /// Serves the connection; a connection that neither registers nor says hello within `helloTimeout` is closed.
    func run(_ inbound: WebSocketInboundStream) async {
        let greeting = Greeting()
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await closeUnlessGreeted(greeting) }
            await converse(inbound, greeting: greeting)
            group.cancelAll()
        }
        if greeting.note() { waiting.release(peer) }
    }

    private func closeUnlessGreeted(_ greeting: Greeting) async {
        do { try await Task.sleep(for: AgentListener.helloTimeout) } catch { return }
        guard !greeting.happened else { return }
        logger.warning("agent connection from \(peer) sent no hello within \(AgentListener.helloTimeout); closing")
        await close("hello expected")
    }

    private func converse(_ inbound: WebSocketInboundStream, greeting: Greeting) async {
        var guid: String?
        var channel: WebSocketAgentChannel?
        do {
            var frames = inbound.makeAsyncIterator()
            // Until the hello, a message may only be as large as a greeting.
            while let frame = try await frames.nextMessage(maxSize: guid == nil ? FrameCodec.maxGreetingBytes : FrameCodec.maxMessageBytes) {
                guard let message = FrameCodec.decode(AgentMessage.self, from: frame) else {
                    logger.warning("malformed message from agent at \(peer)\(guid.map { " (host \($0))" } ?? ""); closing the connection")
                    break
                }
                switch (message, guid) {
                case (.register(let request), nil):
                    do {
                        let credential = try await hub.register(request, peerAddress: peer)
                        try await send(.registered(credential))
                    } catch let refusal as Refusal {
                        try? await send(.refused(refusal))
                        return await close("registration refused")
                    }
                case (.hello(let hello), nil):
                    let opened = WebSocketAgentChannel(outbound: outbound)
                    do {
                        let welcome = try await hub.connect(hello, peerAddress: peer, channel: opened)
                        try await send(.welcome(welcome))
                        if greeting.note() { waiting.release(peer) }
                        guid = hello.credential.guid
                        channel = opened
                        await hub.sessionStarted(guid: hello.credential.guid, channel: opened)
                    } catch let refusal as Refusal {
                        try? await send(.refused(refusal))
                        return await close("hello refused")
                    }
                case (.answer(let answer), _?):
                    if channel?.deliver(answer) == false {
                        logger.debug("late or unknown answer \(answer.id) from host \(guid ?? "?")")
                    }
                case (.ping, let guid?), (.alive, let guid?), (.powerStateChanged, let guid?):
                    await hub.received(message, from: guid)
                default:
                    logger.warning("unexpected \(message.kind) message from agent at \(peer)\(guid.map { " (host \($0))" } ?? ""); closing the connection")
                    await close("protocol violation")
                    return await end(guid, channel)
                }
            }
        } catch {
            logger.info("agent connection from \(peer) ended: \(error)")
        }
        await end(guid, channel)
    }

    private func end(_ guid: String?, _ channel: WebSocketAgentChannel?) async {
        guard let channel else { return }
        channel.failAll()
        if let guid { await hub.disconnected(guid: guid, channel: channel) }
    }

    private func send(_ message: ServerMessage) async throws {
        try await outbound.write(.text(FrameCodec.encode(message)))
    }

    private func close(_ reason: String) async {
        try? await outbound.close(.policyViolation, reason: reason)
    }
}
