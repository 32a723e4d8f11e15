import Synchronization

/// Where an administrator asked a VM to go (`hostid`, `podid`, `clusterid`).
struct PlacementPins: Sendable, Equatable {
    var hostId: String?
    var podId: String?
    var clusterId: String?

    static let none = PlacementPins()
}

/// The pins of deployments between their checks (before the job is answered) and their job.
final class PendingPins: Sendable {
    private let pins = Mutex<[String: PlacementPins]>([:])

    func keep(_ value: PlacementPins, for vmId: String) {
        guard value != .none else { return }
        pins.withLock { $0[vmId] = value }
    }

    func take(_ vmId: String) -> PlacementPins {
        pins.withLock { $0.removeValue(forKey: vmId) } ?? .none
    }
}
