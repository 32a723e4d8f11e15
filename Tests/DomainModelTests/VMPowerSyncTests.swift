import DomainModel
import Testing

@Suite("VM power-state reconciliation")
struct VMPowerSyncTests {
    typealias S = VirtualMachineState
    typealias P = VMPowerSync.ReportedPower

    enum Expected: Sendable, CustomStringConvertible {
        case none, leaveToJob, stopStray, ignore
        case follow(VirtualMachineState.Event, VirtualMachineState)

        var description: String {
            switch self {
            case .none: "none"
            case .leaveToJob: "leaveToJob"
            case .stopStray: "stopStrayDomain"
            case .ignore: "ignore"
            case .follow(let event, let state): "follow(\(event) → \(state))"
            }
        }

        func matches(_ action: VMPowerSync.Action) -> Bool {
            switch (self, action) {
            case (.none, .none), (.leaveToJob, .leaveToJob), (.stopStray, .stopStrayDomain), (.ignore, .ignore): true
            case (.follow(let event, let state), .follow(let actualEvent, let actualState, _)): event == actualEvent && state == actualState
            default: false
            }
        }
    }

    /// Every state × report without a job in flight.
    static let withoutJob: [(S, P, Expected)] = [
        (.running, .powerOn, .none),
        (.running, .powerOff, .follow(.agentReportedPowerOff, .stopped)),
        (.running, .missing, .follow(.agentReportedMissing, .stopped)),
        (.running, .unknown, .none),
        (.stopped, .powerOn, .follow(.agentReportedPowerOn, .running)),
        (.stopped, .powerOff, .none),
        (.stopped, .missing, .none),
        (.stopped, .unknown, .none),
        (.starting, .powerOn, .follow(.agentReportedPowerOn, .running)),
        (.starting, .powerOff, .follow(.agentReportedPowerOff, .stopped)),
        (.starting, .missing, .follow(.agentReportedMissing, .stopped)),
        (.starting, .unknown, .none),
        (.stopping, .powerOn, .follow(.agentReportedPowerOn, .running)),
        (.stopping, .powerOff, .follow(.agentReportedPowerOff, .stopped)),
        (.stopping, .missing, .follow(.agentReportedMissing, .stopped)),
        (.stopping, .unknown, .none),
        (.migrating, .powerOn, .follow(.agentReportedPowerOn, .running)),
        (.migrating, .powerOff, .follow(.agentReportedPowerOff, .stopped)),
        (.migrating, .missing, .follow(.agentReportedMissing, .stopped)),
        (.migrating, .unknown, .none),
        (.destroyed, .powerOn, .stopStray),
        (.destroyed, .powerOff, .none),
        (.destroyed, .missing, .none),
        (.destroyed, .unknown, .none),
        (.expunging, .powerOn, .stopStray),
        (.expunging, .powerOff, .none),
        (.expunging, .missing, .none),
        (.expunging, .unknown, .none),
        (.error, .powerOn, .ignore),
        (.error, .powerOff, .none),
        (.error, .missing, .none),
        (.error, .unknown, .none),
    ]

    @Test(arguments: withoutJob)
    func withoutJobInFlight(state: S, reported: P, expected: Expected) {
        let action = VMPowerSync.reconcile(dbState: state, reported: reported, jobInFlight: false)
        #expect(expected.matches(action), "\(state) + \(reported): got \(action), expected \(expected)")
    }

    @Test func tableCoversEveryPair() {
        #expect(Self.withoutJob.count == S.allCases.count * P.allCases.count)
    }

    /// With a job in flight, disagreements are left to the job; agreements and unknown reports stay `none`.
    @Test(arguments: withoutJob)
    func withJobInFlight(state: S, reported: P, withoutJob: Expected) {
        let action = VMPowerSync.reconcile(dbState: state, reported: reported, jobInFlight: true)
        if case .none = withoutJob {
            #expect(action == .none)
        } else {
            #expect(action == .leaveToJob, "\(state) + \(reported) with a job: got \(action)")
        }
    }

    @Test func followedTransitionsAreAllowedByTheStateTable() {
        for (state, reported, expected) in Self.withoutJob {
            if case .follow(let event, let target) = expected {
                #expect(state.next(event) == target, "\(state) + \(reported)")
            }
        }
    }

    @Test func reasonsNameTheChange() {
        let action = VMPowerSync.reconcile(dbState: .running, reported: .powerOff, jobInFlight: false)
        guard case .follow(_, _, let reason) = action else {
            Issue.record("expected follow, got \(action)")
            return
        }
        #expect(reason == "state sync-ed (Running -> Stopped): the host reports the VM powered off")
        let missing = VMPowerSync.reconcile(dbState: .running, reported: .missing, jobInFlight: false)
        #expect(missing == .follow(event: .agentReportedMissing, to: .stopped,
                                   reason: "state sync-ed (Running -> Stopped): the host has no domain for the VM"))
    }

    @Test func reportsParseFromAgentNames() {
        #expect(P(rawValue: "PowerOn") == .powerOn)
        #expect(P(rawValue: "PowerOff") == .powerOff)
        #expect(P(rawValue: "PowerReportMissing") == .missing)
        #expect(P(rawValue: "PowerUnknown") == .unknown)
        #expect(VMPowerSync.event(for: .unknown) == nil)
    }
}
