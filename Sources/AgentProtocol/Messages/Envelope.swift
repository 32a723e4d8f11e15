/// The version of the management-server↔agent protocol. A server refuses agents that speak another one.
public enum AgentProtocolVersion {
    public static let current = 1
}

/// One frame an agent sends to the management server.
public enum AgentMessage: Codable, Sendable, Equatable {
    /// First contact of an agent without a credential: the shared registration secret.
    case register(RegistrationRequest)
    /// Every connection of a registered agent starts with this: credential and startup report.
    case hello(Hello)
    /// Sent every ping interval.
    case ping(PingReport)
    /// Sent when a ping interval passed without any other message because the ping's report is still being
    /// taken (the hypervisor is busy, say with a slow destroy): the agent is alive; its states follow.
    case alive
    /// A VM changed power state on its own (guest shutdown, crash, vanished domain).
    case powerStateChanged(VMPowerReport)
    /// The answer to a command the server sent.
    case answer(CommandAnswer)
}

/// One frame the management server sends to an agent.
public enum ServerMessage: Codable, Sendable, Equatable {
    /// Registration succeeded: the agent stores this credential and uses it from then on.
    case registered(HostCredential)
    /// The hello was accepted; the agent starts pinging.
    case welcome(Welcome)
    /// Registration or hello refused; the server closes the connection after sending this.
    case refused(Refusal)
    /// Work for the agent; it answers with the same id.
    case command(CommandRequest)
}

/// The registration secret and who presents it.
public struct RegistrationRequest: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var secret: String
    public var hostName: String

    public init(protocolVersion: Int = AgentProtocolVersion.current, secret: String, hostName: String) {
        self.protocolVersion = protocolVersion
        self.secret = secret
        self.hostName = hostName
    }
}

/// The per-host credential the server issues at registration.
public struct HostCredential: Codable, Sendable, Equatable {
    /// Stable identity of the host (CloudStack's host guid).
    public var guid: String
    /// Secret token proving the guid; the server keeps only its hash.
    public var token: String

    public init(guid: String, token: String) {
        self.guid = guid
        self.token = token
    }
}

/// Opens a session: who the agent is and what its host has.
public struct Hello: Codable, Sendable, Equatable {
    public var protocolVersion: Int
    public var credential: HostCredential
    public var report: StartupReport

    public init(protocolVersion: Int = AgentProtocolVersion.current, credential: HostCredential, report: StartupReport) {
        self.protocolVersion = protocolVersion
        self.credential = credential
        self.report = report
    }
}

/// The server's acceptance of a hello.
public struct Welcome: Codable, Sendable, Equatable {
    /// Seconds between pings.
    public var pingIntervalSeconds: Double
    /// The host's id once an operator has added it with addHost; nil while it waits to be adopted.
    public var hostId: String?
    public var managementServerId: String

    public init(pingIntervalSeconds: Double, hostId: String?, managementServerId: String) {
        self.pingIntervalSeconds = pingIntervalSeconds
        self.hostId = hostId
        self.managementServerId = managementServerId
    }
}

/// Why the server would not talk to an agent.
public struct Refusal: Codable, Sendable, Equatable, Error {
    public var reason: String
    /// False when retrying cannot help (bad secret, unknown credential): the agent stops trying.
    public var retryable: Bool

    public init(reason: String, retryable: Bool) {
        self.reason = reason
        self.retryable = retryable
    }
}
