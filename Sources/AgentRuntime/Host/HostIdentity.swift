import Hypervisor
import Synchronization

/// What the agent learns about its host while it runs: the domain type chosen at start-up and the host id
/// the server gave it.
final class HostIdentity: Sendable {
    private struct State {
        var domainType: String?
        var hostId: String?
    }

    private let state = Mutex(State())

    var hostId: String? {
        state.withLock { $0.hostId }
    }

    func setHostId(_ hostId: String) {
        state.withLock { $0.hostId = hostId }
    }

    /// The domain type VMs get: chosen once from the hypervisor's offer and the preference, then kept.
    func domainType(driver: any HypervisorDriver, preference: DomainTypePreference) async throws -> String {
        if let chosen = state.withLock({ $0.domainType }) { return chosen }
        let offered = try await driver.fingerprint().domainTypes
        let chosen = try Self.choose(preference, offered: offered)
        state.withLock { $0.domainType = chosen }
        return chosen
    }

    struct Unavailable: Error, CustomStringConvertible {
        var description: String
    }

    static func choose(_ preference: DomainTypePreference, offered: [String]) throws -> String {
        switch preference {
        case .auto:
            guard let best = offered.first else {
                throw Unavailable(description: "the hypervisor offers no domain type")
            }
            return best
        case .kvm, .qemu:
            guard offered.contains(preference.rawValue) else {
                throw Unavailable(description: "domain type \(preference.rawValue) is configured, but the hypervisor offers only \(offered.joined(separator: ", "))")
            }
            return preference.rawValue
        }
    }
}
