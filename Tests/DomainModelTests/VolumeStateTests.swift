import DomainModel
import Testing

@Suite("Volume state machine")
struct VolumeStateTests {
    typealias S = VolumeState
    typealias E = VolumeState.Event

    static let allowed: [(S, E, S)] = [
        (.allocated, .createRequested, .creating),
        (.allocated, .destroyRequested, .destroy),
        (.allocated, .expungeRequested, .expunging),
        (.creating, .operationSucceeded, .ready),
        (.creating, .operationFailed, .allocated),
        (.ready, .attachRequested, .attaching),
        (.ready, .detachRequested, .ready),
        (.ready, .resizeRequested, .resizing),
        (.ready, .destroyRequested, .destroy),
        (.ready, .expungeRequested, .expunging),
        (.attaching, .operationSucceeded, .ready),
        (.attaching, .operationFailed, .ready),
        (.resizing, .operationSucceeded, .ready),
        (.resizing, .operationFailed, .ready),
        (.destroy, .recoveryRequested, .ready),
        (.destroy, .expungeRequested, .expunging),
        (.expunging, .expungeRequested, .expunging),
        (.expunging, .operationSucceeded, .expunged),
        (.expunging, .operationFailed, .destroy),
    ]

    @Test(arguments: allowed)
    func allowedTransitions(from: S, event: E, to: S) {
        #expect(from.next(event) == to)
    }

    @Test func everythingElseIsRefused() {
        for state in S.allCases {
            for event in E.allCases where !Self.allowed.contains(where: { $0.0 == state && $0.1 == event }) {
                #expect(state.next(event) == nil, "\(state) on \(event) should be refused")
            }
        }
    }

    @Test func expungedIsFinal() {
        #expect(E.allCases.allSatisfy { S.expunged.next($0) == nil })
    }

    @Test func rawValuesAreCloudStackNames() {
        #expect(S.allCases.map(\.rawValue) == ["Allocated", "Creating", "Ready", "Resizing", "Attaching", "Destroy", "Expunging", "Expunged"])
        #expect(VolumeType.root.rawValue == "ROOT" && VolumeType.dataDisk.rawValue == "DATADISK")
    }

    @Test func dataLifecycle() {
        var state = S.allocated
        for event: E in [.createRequested, .operationSucceeded, .attachRequested, .operationSucceeded, .resizeRequested,
                         .operationSucceeded, .detachRequested, .destroyRequested, .recoveryRequested, .expungeRequested,
                         .operationSucceeded] {
            let next = state.next(event)
            #expect(next != nil, "\(state) refused \(event)")
            state = next ?? state
        }
        #expect(state == .expunged)
    }

    @Test func capacityAndTransitional() {
        #expect(S.allCases.filter(\.isTransitional) == [.creating, .resizing, .attaching, .expunging])
        #expect(S.allCases.filter { !$0.holdsPoolCapacity } == [.allocated, .expunged])
    }

    @Test(arguments: [
        ([Int](), 1), ([0], 1), ([0, 1, 2], 4), ([0, 1, 2, 4], 5), ([1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15], nil),
    ] as [([Int], Int?)])
    func dataDeviceIds(used: [Int], next: Int?) {
        #expect(Volume.nextDataDeviceId(used: used) == next)
    }
}
