/// The lifecycle state of a virtual machine, named as CloudStack names it, and the events that move it:
/// a pure transition table.
///
/// * start: Stopped → Starting → Running (operationSucceeded) or back to Stopped (operationFailed);
/// * stop: Running → Stopping → Stopped, or back to Running when the stop fails;
/// * reboot: Running → Running;
/// * destroy: Stopped → Destroyed; recover: Destroyed → Stopped;
/// * expunge: Stopped, Destroyed or Error → Expunging.
///
/// A running VM is stopped before it is destroyed (destroyRequested is refused while Running).
/// Expunging is the last state: when the expunge succeeds the row is marked `removed` and keeps the
/// state Expunging, as CloudStack leaves it. Reports from the host's agent (`agentReported…`) and a
/// host found down (`hostDown`) move the record to what the host says; `VMPowerSync` decides when
/// such a report is applied.
public enum VirtualMachineState: String, Codable, Sendable, CaseIterable {
    case stopped = "Stopped"
    case starting = "Starting"
    case running = "Running"
    case stopping = "Stopping"
    case migrating = "Migrating"
    case destroyed = "Destroyed"
    case expunging = "Expunging"
    case error = "Error"

    /// Things that happen to a VM: requests of a workflow, the outcome of the operation in flight,
    /// and what a host reports.
    public enum Event: String, Sendable, CaseIterable {
        case startRequested
        case stopRequested
        case rebootRequested
        case migrationRequested
        case destroyRequested
        case recoveryRequested
        case expungeRequested
        /// The operation in flight (start, stop, reboot, migration, expunge) finished.
        case operationSucceeded
        /// The operation in flight failed; for a Stopped VM: creating its resources failed.
        case operationFailed
        /// The VM's host reports the domain running.
        case agentReportedPowerOn
        /// The VM's host reports the domain shut off.
        case agentReportedPowerOff
        /// The VM's host has no domain of this name.
        case agentReportedMissing
        /// The VM's host was found down; the VM is no longer running anywhere.
        case hostDown
    }

    /// The state after `event`, or nil when the event is not allowed in this state.
    /// A result equal to `self` means the event is accepted and changes nothing.
    public func next(_ event: Event) -> VirtualMachineState? {
        switch (self, event) {
        case (.stopped, .startRequested): .starting
        case (.stopped, .stopRequested): .stopped
        case (.stopped, .destroyRequested): .destroyed
        case (.stopped, .expungeRequested): .expunging
        case (.stopped, .operationFailed): .error
        case (.stopped, .agentReportedPowerOn): .running
        case (.stopped, .agentReportedPowerOff), (.stopped, .agentReportedMissing), (.stopped, .hostDown): .stopped

        case (.starting, .operationSucceeded), (.starting, .agentReportedPowerOn): .running
        case (.starting, .operationFailed), (.starting, .agentReportedPowerOff),
             (.starting, .agentReportedMissing), (.starting, .hostDown): .stopped

        case (.running, .stopRequested): .stopping
        case (.running, .rebootRequested), (.running, .operationSucceeded), (.running, .agentReportedPowerOn): .running
        case (.running, .migrationRequested): .migrating
        case (.running, .agentReportedPowerOff), (.running, .agentReportedMissing), (.running, .hostDown): .stopped

        case (.stopping, .operationSucceeded), (.stopping, .agentReportedPowerOff),
             (.stopping, .agentReportedMissing), (.stopping, .hostDown): .stopped
        case (.stopping, .operationFailed), (.stopping, .agentReportedPowerOn): .running
        case (.stopping, .stopRequested): .stopping

        case (.migrating, .operationSucceeded), (.migrating, .operationFailed), (.migrating, .agentReportedPowerOn): .running
        case (.migrating, .agentReportedPowerOff), (.migrating, .agentReportedMissing), (.migrating, .hostDown): .stopped

        case (.destroyed, .recoveryRequested): .stopped
        case (.destroyed, .expungeRequested): .expunging
        case (.destroyed, .agentReportedPowerOff), (.destroyed, .agentReportedMissing), (.destroyed, .hostDown): .destroyed

        case (.expunging, .expungeRequested), (.expunging, .operationSucceeded), (.expunging, .operationFailed): .expunging

        case (.error, .destroyRequested), (.error, .expungeRequested): .expunging

        default: nil
        }
    }

    /// True for states an operation passes through; a server stop can leave a VM in one of them, and the
    /// restart rules (or `VMPowerSync`) settle it.
    public var isTransitional: Bool {
        switch self {
        case .starting, .stopping, .migrating, .expunging: true
        default: false
        }
    }

    /// True while the VM holds CPU and memory on a host (its capacity is reserved there).
    public var holdsHostCapacity: Bool {
        switch self {
        case .starting, .running, .stopping, .migrating: true
        default: false
        }
    }
}
