/// The rule that settles a disagreement between the server's record of a VM and what its host reports,
/// after an outage of the server, the agent or the connection between them — CloudStack's power-state sync.
///
/// `reconcile` is applied to every VM of a host when the host sends its full report (on connect and with
/// each ping), and to single VMs when a host reports a change. `reported` is what the VM's own host
/// (`hostId`) says; a VM the host's report leaves out counts as `missing`. The rule, in order:
///
/// 1. Record and report agree (Running + PowerOn; Stopped, Destroyed, Expunging or Error + PowerOff or
///    missing) → `none`. A PowerUnknown report never changes anything → `none`.
/// 2. A job is in flight for the VM (starting, stopping, rebooting, destroying…) → `leaveToJob`: the job's
///    own outcome decides, and a later report is reconciled once the job is over.
/// 3. Without a job, the host is believed (`follow`): the workflow applies `event` with a compare-and-set
///    update, records an event (`VM.STATE.SYNC` style, level WARN) naming the old and new state, and raises
///    an alert, as CloudStack's "VM state sync alert":
///    * Running + PowerOff → Stopped; Running + missing → Stopped (the domain is gone, e.g. the host rebooted);
///    * Stopped + PowerOn → Running on the reporting host (someone started the domain outside Cumulo);
///    * Starting, Stopping, Migrating whose job is gone → Running on PowerOn, Stopped on PowerOff or missing.
///    Following a report to Stopped releases the VM's host capacity and sets `lastHostId`; following one
///    to Running sets `hostId` to the reporting host and reserves the capacity there.
/// 4. A powered-on domain of a VM the server has Destroyed or Expunging → `stopStrayDomain`: the host is
///    told to power the domain off and the record stays as it is (CloudStack only logs these).
/// 5. A powered-on domain of a VM in Error → `ignore`: logged and left to an administrator.
///
/// Hosts found down are handled by `VirtualMachineState.Event.hostDown`, not by this rule.
public enum VMPowerSync {
    /// A VM's power state as its host reports it; the raw values are CloudStack's `PowerState` names.
    public enum ReportedPower: String, Codable, Sendable, CaseIterable {
        case powerOn = "PowerOn"
        case powerOff = "PowerOff"
        /// The host has no domain of this name.
        case missing = "PowerReportMissing"
        case unknown = "PowerUnknown"
    }

    /// What the reconciler should do about one VM.
    public enum Action: Sendable, Equatable {
        /// Record and host agree, or the report says nothing.
        case none
        /// A job is changing the VM; its outcome decides.
        case leaveToJob
        /// Believe the host: apply `event`, which moves the record to `to`, and record `reason` as an event and alert.
        case follow(event: VirtualMachineState.Event, to: VirtualMachineState, reason: String)
        /// Tell the host to power off a domain that should not run; leave the record as it is.
        case stopStrayDomain(reason: String)
        /// Leave it, but log `reason`.
        case ignore(reason: String)
    }

    /// The action for a VM recorded in `dbState` whose host reports `reported`, `jobInFlight` telling
    /// whether a job is working on the VM.
    public static func reconcile(dbState: VirtualMachineState, reported: ReportedPower, jobInFlight: Bool) -> Action {
        if reported == .unknown || agrees(dbState, reported) { return .none }
        if jobInFlight { return .leaveToJob }
        switch (dbState, reported) {
        case (.destroyed, .powerOn), (.expunging, .powerOn):
            return .stopStrayDomain(reason: "the host reports the domain of a \(dbState.rawValue) VM running; it is powered off")
        case (.error, .powerOn):
            return .ignore(reason: "the host reports the domain of a VM in Error running; left for an administrator")
        default:
            guard let event = event(for: reported), let target = dbState.next(event) else {
                return .ignore(reason: "no transition from \(dbState.rawValue) on a \(reported.rawValue) report")
            }
            return .follow(event: event, to: target, reason: "state sync-ed (\(dbState.rawValue) -> \(target.rawValue)): \(describe(reported))")
        }
    }

    /// True when the record already says what the host reports.
    static func agrees(_ state: VirtualMachineState, _ reported: ReportedPower) -> Bool {
        switch (state, reported) {
        case (.running, .powerOn): true
        case (.stopped, .powerOff), (.stopped, .missing), (.destroyed, .powerOff), (.destroyed, .missing),
             (.expunging, .powerOff), (.expunging, .missing), (.error, .powerOff), (.error, .missing):
            true
        default: false
        }
    }

    /// The state-machine event a report stands for; nil for an unknown power state.
    public static func event(for reported: ReportedPower) -> VirtualMachineState.Event? {
        switch reported {
        case .powerOn: .agentReportedPowerOn
        case .powerOff: .agentReportedPowerOff
        case .missing: .agentReportedMissing
        case .unknown: nil
        }
    }

    static func describe(_ reported: ReportedPower) -> String {
        switch reported {
        case .powerOn: "the host reports the VM powered on"
        case .powerOff: "the host reports the VM powered off"
        case .missing: "the host has no domain for the VM"
        case .unknown: "the host does not know the VM's power state"
        }
    }
}
