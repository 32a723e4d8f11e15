import Hypervisor

/// A driver that can report one domain by name without listing them all (the libvirt driver); power
/// reports use it when the driver offers it, and fall back to `list()` otherwise.
public protocol DomainSummaryLookup: Sendable {
    /// The domain as `list()` would report it, or nil when there is no such domain.
    func summary(domain name: String) async throws -> DomainSummary?
}
