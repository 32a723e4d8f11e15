/// Why no host and pool could take a VM: a reason for every host considered, and the problems that
/// stopped the search before any host was (an unknown zone, a pin that matches nothing).
///
/// The API returns `message` as error 533 (insufficient capacity), through `domainError`.
public struct PlacementFailure: Error, Sendable, Equatable, CustomStringConvertible {
    public var zoneId: String
    /// How messages name the zone (its name, or its id when the snapshot does not know it).
    public var zoneName: String
    /// Problems not tied to one host.
    public var problems: [String]
    /// One entry per host considered, ordered by host name.
    public var rejections: [HostRejection]

    public init(
        zoneId: String,
        zoneName: String,
        problems: [String],
        rejections: [HostRejection]
    ) {
        self.zoneId = zoneId
        self.zoneName = zoneName
        self.problems = problems
        self.rejections = rejections
    }

    /// `Unable to place the VM in zone Z1 (2 hosts considered): host kvm1: Disconnected; host kvm2: …`.
    public var message: String {
        let parts = problems + rejections.map(\.description)
        let counted = rejections.isEmpty ? "" : " (\(rejections.count) host\(rejections.count == 1 ? "" : "s") considered)"
        return "Unable to place the VM in zone \(zoneName)\(counted): " + parts.joined(separator: "; ")
    }

    public var description: String { message }

    /// The error the API renders (533).
    public var domainError: DomainError { .insufficientCapacity(message) }
}
