/// The server's handle on one connected agent: send a command and await its answer.
public protocol AgentChannel: AnyObject, Sendable {
    /// Sends `command` and returns the agent's result, or throws `AgentChannelError`.
    func send(_ command: AgentCommand, timeout: Duration) async throws -> CommandResult
    /// Closes the connection; pending commands fail.
    func close(reason: String) async
}

/// Why a command did not produce a result.
public enum AgentChannelError: Error, Sendable, Equatable {
    /// The agent answered with a failure.
    case failed(String)
    /// No answer came within the timeout.
    case timedOut(seconds: Double)
    /// The connection closed before the answer came.
    case disconnected
}

/// The server side of agent sessions, as the transport drives it. Orchestration implements it.
public protocol AgentHub: Sendable {
    /// Checks a registration secret and issues a per-host credential, or throws a `Refusal`.
    func register(_ request: RegistrationRequest, peerAddress: String) async throws -> HostCredential
    /// Checks a hello's credential and takes the channel as that host's, or throws a `Refusal`.
    /// The channel must not be used before `sessionStarted`: the welcome has not been sent yet.
    func connect(_ hello: Hello, peerAddress: String, channel: any AgentChannel) async throws -> Welcome
    /// The welcome went out on `channel`; commands may flow from now on.
    func sessionStarted(guid: String, channel: any AgentChannel) async
    /// A report that arrived on the session of `guid`.
    func received(_ message: AgentMessage, from guid: String) async
    /// The session of `guid` on `channel` ended.
    func disconnected(guid: String, channel: any AgentChannel) async
}

/// The host side of agent sessions, as the transport drives it. AgentRuntime implements it.
public protocol AgentWorker: Sendable {
    /// Gathers the report that opens every session.
    func startupReport() async throws -> StartupReport
    /// Gathers the periodic report.
    func pingReport() async -> PingReport
    /// Runs one command from the server.
    func handle(_ command: AgentCommand) async -> CommandOutcome
    /// Called when the server accepted a session.
    func welcomed(_ welcome: Welcome) async
    /// Power-state changes the host noticed by itself, for as long as the worker lives (one consumer).
    func powerStateChanges() -> AsyncStream<VMPowerReport>
}
