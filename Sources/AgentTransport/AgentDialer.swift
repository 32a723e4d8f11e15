import AgentProtocol
import Foundation
import HummingbirdWSClient
import Logging
import Synchronization

/// Why the agent stopped trying to reach the management server.
public enum AgentDialerError: Error, CustomStringConvertible {
    /// The server refused for a reason retrying cannot fix (wrong secret, unknown credential and no secret).
    case refused(String)
    /// The agent has no credential and no registration secret to get one.
    case noSecret

    public var description: String {
        switch self {
        case .refused(let reason): "the management server refused this agent: \(reason)"
        case .noSecret: "this agent has no credential yet and no registration secret to obtain one (set registration.secret or --secret-file; cumulo-server agent-secret prints it)"
        }
    }
}

/// The agent end of the connection: dials out to the management server (so hosts behind NAT work),
/// registers once, says hello with its startup report, pings, runs commands, and reconnects with
/// backoff whenever the connection drops.
public final class AgentDialer: Sendable {
    let url: String
    let worker: any AgentWorker
    let credentials: CredentialStore
    let secret: @Sendable () -> String?
    let hostName: String
    let logger: Logger
    /// The writer of the current session, for power-state reports; nil between sessions.
    private let current = Mutex<FramedOutbound?>(nil)

    /// - Parameter server: the management server's base URL, e.g. `http://192.0.2.1:8080`.
    public init(server: String, worker: any AgentWorker, credentials: CredentialStore, hostName: String,
                secret: @escaping @Sendable () -> String?, logger: Logger) {
        url = Self.webSocketURL(server)
        self.worker = worker
        self.credentials = credentials
        self.secret = secret
        self.hostName = hostName
        self.logger = logger
    }

    /// `http(s)://server:port[/…]` → `ws(s)://server:port/agent`.
    static func webSocketURL(_ server: String) -> String {
        var base = server.trimmingCharacters(in: .whitespaces)
        if base.hasPrefix("https://") { base = "wss://" + base.dropFirst(8) }
        else if base.hasPrefix("http://") { base = "ws://" + base.dropFirst(7) }
        else if !base.hasPrefix("ws://") && !base.hasPrefix("wss://") { base = "ws://" + base }
        if let range = base.range(of: "/client/api") { base = String(base[..<range.lowerBound]) }
        while base.hasSuffix("/") { base.removeLast() }
        return base.hasSuffix(AgentListener.path) ? base : base + AgentListener.path
    }

    /// Runs until cancelled (then returns normally), or until the server refuses this agent for good (then throws).
    public func run() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            // Power changes go out on whichever session is current, for as long as the dialer runs.
            group.addTask { await self.forwardPowerStateChanges() }
            try await connectUntilCancelled()
            group.cancelAll()
        }
    }

    /// Connects, serves the session, and reconnects with backoff, until cancelled or refused for good.
    private func connectUntilCancelled() async throws {
        var backoff = Backoff()
        while !Task.isCancelled {
            let outcome = Mutex<SessionOutcome>(.dropped)
            do {
                try await WebSocketClient.connect(
                    url: url, configuration: .init(maxFrameSize: FrameCodec.maxMessageBytes, autoPing: .enabled(timePeriod: .seconds(20))),
                    logger: logger
                ) { inbound, outbound, _ in
                    let result = await self.session(inbound, FramedOutbound(outbound))
                    outcome.withLock { $0 = result }
                }
            } catch is CancellationError {
                return
            } catch {
                if Task.isCancelled { return }
                logger.warning("cannot reach the management server at \(url): \(error)")
            }
            current.withLock { $0 = nil }
            switch outcome.withLock({ $0 }) {
            case .fatal(let error): throw error
            case .established: backoff.reset()
            case .dropped, .retry: break
            }
            let delay = backoff.next()
            logger.info("reconnecting to \(url) in \(delay)")
            do { try await Task.sleep(for: delay) } catch { return }
        }
    }

    /// How a session ended.
    enum SessionOutcome {
        /// Reached the welcome, then the connection closed.
        case established
        /// Closed before the welcome.
        case dropped
        /// Refused with a reason that a new attempt may fix (credential dropped, registration next).
        case retry
        case fatal(AgentDialerError)
    }

    private func session(_ inbound: WebSocketInboundStream, _ outbound: FramedOutbound) async -> SessionOutcome {
        var messages = inbound.messages(maxSize: FrameCodec.maxMessageBytes).makeAsyncIterator()
        do {
            var credential = credentials.load()
            if credential == nil {
                guard let secret = secret(), !secret.isEmpty else { return .fatal(.noSecret) }
                try await send(.register(RegistrationRequest(secret: secret, hostName: hostName)), outbound)
                switch try await nextServerMessage(&messages) {
                case .registered(let issued)?:
                    try credentials.save(issued)
                    credential = issued
                    logger.info("registered with the management server as host \(issued.guid)")
                case .refused(let refusal)?:
                    logger.error("registration refused: \(refusal.reason)")
                    return refusal.retryable ? .retry : .fatal(.refused(refusal.reason))
                default:
                    return .dropped
                }
            }
            guard let credential else { return .dropped }
            let report = try await worker.startupReport()
            try await send(.hello(Hello(credential: credential, report: report)), outbound)
            let welcome: Welcome
            switch try await nextServerMessage(&messages) {
            case .welcome(let accepted)?:
                welcome = accepted
            case .refused(let refusal)?:
                logger.error("hello refused: \(refusal.reason)")
                if refusal.retryable { return .retry }
                // The server does not know this credential (a new database, or the host was purged): register again.
                credentials.forget()
                return secret().map { $0.isEmpty } == false ? .retry : .fatal(.refused(refusal.reason))
            default:
                return .dropped
            }
            logger.info("connected to the management server \(welcome.managementServerId)\(welcome.hostId.map { " as host \($0)" } ?? ", waiting to be added with addHost")")
            await worker.welcomed(welcome)
            current.withLock { $0 = outbound }
            await serve(&messages, outbound, pingInterval: .milliseconds(Int64(max(welcome.pingIntervalSeconds, 0.2) * 1000)))
            return .established
        } catch {
            logger.warning("session with the management server ended: \(error)")
            return .dropped
        }
    }

    /// Pings on a timer and runs commands as they come, until the connection closes.
    private func serve(_ messages: inout WebSocketInboundMessageStream.AsyncIterator, _ outbound: FramedOutbound, pingInterval: Duration) async {
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                while !Task.isCancelled {
                    try? await Task.sleep(for: pingInterval)
                    guard !Task.isCancelled else { return }
                    let report = await self.worker.pingReport()
                    do { try await self.send(.ping(report), outbound) } catch { return }
                }
            }
            // The report waits for the hypervisor, which may be busy for seconds (a slow destroy): the server
            // hears from this agent every interval anyway.
            group.addTask {
                // Half an interval out of step with the pings, so a ping on time is never doubled.
                try? await Task.sleep(for: pingInterval / 2)
                while !Task.isCancelled {
                    try? await Task.sleep(for: pingInterval)
                    guard !Task.isCancelled else { return }
                    if outbound.sinceLastWrite >= pingInterval {
                        do { try await self.send(.alive, outbound) } catch { return }
                    }
                }
            }
            while true {
                let frame: WebSocketMessage?
                do { frame = try await messages.next() } catch { break }
                guard let frame else { break }
                guard let message = FrameCodec.decode(ServerMessage.self, from: frame), case .command(let request) = message else {
                    logger.warning("unexpected message from the management server; closing the connection")
                    try? await outbound.outbound.close(.protocolError, reason: "unexpected message")
                    break
                }
                group.addTask {
                    let outcome = await self.worker.handle(request.command)
                    try? await self.send(.answer(CommandAnswer(id: request.id, outcome: outcome)), outbound)
                }
            }
            group.cancelAll()
        }
    }

    private func nextServerMessage(_ messages: inout WebSocketInboundMessageStream.AsyncIterator) async throws -> ServerMessage? {
        guard let frame = try await messages.next() else { return nil }
        return FrameCodec.decode(ServerMessage.self, from: frame)
    }

    private func send(_ message: AgentMessage, _ outbound: FramedOutbound) async throws {
        try await outbound.write(FrameCodec.encode(message))
    }

    private func forwardPowerStateChanges() async {
        for await report in worker.powerStateChanges() {
            guard let outbound = current.withLock({ $0 }) else { continue }
            try? await send(.powerStateChanged(report), outbound)
        }
    }
}
