import AgentProtocol
import Hypervisor

/// How hypervisor states and events read as the power states the server knows.
enum PowerStateMapping {
    /// nil (no such domain) reads as missing.
    static func power(_ state: DomainState?) -> VMPowerState {
        switch state {
        case nil: .missing
        case .running, .blocked, .paused, .shuttingDown, .suspended: .running
        case .shutOff, .crashed: .stopped
        case .unknown: .unknown
        }
    }

    /// The power state an event implies, or nil when it implies none (a definition).
    static func power(_ event: DomainEvent.Kind) -> VMPowerState? {
        switch event {
        case .stopped, .shutdown, .crashed: .stopped
        case .started, .resumed: .running
        case .undefined: .missing
        case .defined, .suspended: nil
        }
    }

    static func report(_ summary: DomainSummary) -> VMPowerReport {
        let power = power(summary.state)
        return VMPowerReport(name: summary.name, state: power, vncPort: power == .running ? summary.vncPort : nil)
    }
}
