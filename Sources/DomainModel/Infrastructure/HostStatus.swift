/// The connection state of a host and the events that move it: a pure transition table.
///
/// Connecting → Up once the agent's session is set up; Up → Disconnected when the connection drops or
/// pings stop for two intervals; Disconnected → Alert when the silence outlasts `ping.timeout`.
/// A returning agent moves any of these back to Connecting, then Up.
public enum HostStatus: String, Codable, Sendable, CaseIterable {
    case connecting = "Connecting"
    case up = "Up"
    case disconnected = "Disconnected"
    case alert = "Alert"
    case down = "Down"
    case removed = "Removed"

    /// Things that happen to a host's connection.
    public enum Event: String, Sendable {
        /// The host's agent opened a session.
        case agentConnected
        /// The session is set up: the agent answered the adoption and attached its pools.
        case agentReady
        /// The connection closed, or no ping came for two intervals.
        case connectionLost
        /// No ping for longer than the ping timeout.
        case silenceExceeded
    }

    /// The status after `event`, or nil when the event does not apply in this status.
    public func next(_ event: Event) -> HostStatus? {
        switch (self, event) {
        case (.removed, _): nil
        case (_, .agentConnected): .connecting
        case (.connecting, .agentReady): .up
        case (.connecting, .connectionLost), (.up, .connectionLost): .disconnected
        case (.disconnected, .silenceExceeded): .alert
        default: nil
        }
    }

    /// True while the host's agent holds a working session.
    public var isConnected: Bool { self == .up || self == .connecting }
}
