import DomainModel
import Testing

@Suite("Virtual machine state machine")
struct VirtualMachineStateTests {
    typealias S = VirtualMachineState
    typealias E = VirtualMachineState.Event

    /// Every allowed transition; every other (state, event) pair must be refused.
    static let allowed: [(S, E, S)] = [
        (.stopped, .startRequested, .starting),
        (.stopped, .stopRequested, .stopped),
        (.stopped, .destroyRequested, .destroyed),
        (.stopped, .expungeRequested, .expunging),
        (.stopped, .operationFailed, .error),
        (.stopped, .agentReportedPowerOn, .running),
        (.stopped, .agentReportedPowerOff, .stopped),
        (.stopped, .agentReportedMissing, .stopped),
        (.stopped, .hostDown, .stopped),

        (.starting, .operationSucceeded, .running),
        (.starting, .operationFailed, .stopped),
        (.starting, .agentReportedPowerOn, .running),
        (.starting, .agentReportedPowerOff, .stopped),
        (.starting, .agentReportedMissing, .stopped),
        (.starting, .hostDown, .stopped),

        (.running, .stopRequested, .stopping),
        (.running, .rebootRequested, .running),
        (.running, .migrationRequested, .migrating),
        (.running, .operationSucceeded, .running),
        (.running, .agentReportedPowerOn, .running),
        (.running, .agentReportedPowerOff, .stopped),
        (.running, .agentReportedMissing, .stopped),
        (.running, .hostDown, .stopped),

        (.stopping, .stopRequested, .stopping),
        (.stopping, .operationSucceeded, .stopped),
        (.stopping, .operationFailed, .running),
        (.stopping, .agentReportedPowerOn, .running),
        (.stopping, .agentReportedPowerOff, .stopped),
        (.stopping, .agentReportedMissing, .stopped),
        (.stopping, .hostDown, .stopped),

        (.migrating, .operationSucceeded, .running),
        (.migrating, .operationFailed, .running),
        (.migrating, .agentReportedPowerOn, .running),
        (.migrating, .agentReportedPowerOff, .stopped),
        (.migrating, .agentReportedMissing, .stopped),
        (.migrating, .hostDown, .stopped),

        (.destroyed, .recoveryRequested, .stopped),
        (.destroyed, .expungeRequested, .expunging),
        (.destroyed, .agentReportedPowerOff, .destroyed),
        (.destroyed, .agentReportedMissing, .destroyed),
        (.destroyed, .hostDown, .destroyed),

        (.expunging, .expungeRequested, .expunging),
        (.expunging, .operationSucceeded, .expunging),
        (.expunging, .operationFailed, .expunging),

        (.error, .destroyRequested, .expunging),
        (.error, .expungeRequested, .expunging),
    ]

    @Test(arguments: allowed)
    func allowedTransitions(from: S, event: E, to: S) {
        #expect(from.next(event) == to)
    }

    @Test func everythingElseIsRefused() {
        var refused = 0
        for state in S.allCases {
            for event in E.allCases where !Self.allowed.contains(where: { $0.0 == state && $0.1 == event }) {
                #expect(state.next(event) == nil, "\(state) on \(event) should be refused")
                refused += 1
            }
        }
        #expect(refused == S.allCases.count * E.allCases.count - Self.allowed.count)
    }

    @Test(arguments: [
        (S.running, E.destroyRequested),
        (.running, .startRequested),
        (.starting, .startRequested),
        (.starting, .stopRequested),
        (.destroyed, .startRequested),
        (.expunging, .recoveryRequested),
        (.error, .startRequested),
        (.stopped, .rebootRequested),
    ])
    func notableRefusals(state: S, event: E) {
        #expect(state.next(event) == nil)
    }

    @Test func fullLifecycle() {
        var state = S.stopped
        for event: E in [.startRequested, .operationSucceeded, .rebootRequested, .operationSucceeded, .stopRequested,
                         .operationSucceeded, .destroyRequested, .recoveryRequested, .destroyRequested, .expungeRequested,
                         .operationSucceeded] {
            let next = state.next(event)
            #expect(next != nil, "\(state) refused \(event)")
            state = next ?? state
        }
        #expect(state == .expunging)
    }

    @Test func rawValuesAreCloudStackNames() {
        #expect(S.allCases.map(\.rawValue) == ["Stopped", "Starting", "Running", "Stopping", "Migrating", "Destroyed", "Expunging", "Error"])
    }

    @Test func transitionalAndCapacityHolding() {
        #expect(S.allCases.filter(\.isTransitional) == [.starting, .stopping, .migrating, .expunging])
        #expect(S.allCases.filter(\.holdsHostCapacity) == [.starting, .running, .stopping, .migrating])
    }
}
