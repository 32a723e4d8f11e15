import DomainModel

/// An entity whose row carries a version that every write bumps, so writers can compare and set.
public protocol VersionedRow: Codable, Sendable {
    var id: String { get }
    var rowVersion: Int { get set }
}

extension VirtualMachine: VersionedRow {}
extension Volume: VersionedRow {}
extension HypervisorHost: VersionedRow {}
