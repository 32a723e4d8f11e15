import DomainModel
import Persistence

/// The account a VM is deployed for, the zone it goes to and the domain paths behind both: what decides which
/// offerings and networks the deployment may use, by the same rules the list commands show them.
struct OwnerPlace: Sendable {
    let owner: Account
    let zone: Zone
    /// The owner's domain path.
    let domainPath: String
    /// Every domain's path by id.
    let domainPaths: [String: String]

    init(owner: Account, zone: Zone, read: Store) async throws {
        self.owner = owner
        self.zone = zone
        domainPaths = Dictionary(uniqueKeysWithValues: try await read.all(Tables.domain).map { ($0.id, $0.path) })
        guard let path = domainPaths[owner.domainId] else {
            throw DomainError.invalidState("The domain of account \(owner.name) no longer exists")
        }
        domainPath = path
    }

    /// An offering offered in the zone and, unless the owner is a root admin, to the owner's domain.
    func mayUse(_ offering: some Offering) -> Bool {
        offering.isOffered(inZone: zone.id)
            && (owner.type == .rootAdmin || offering.isAvailable(toDomainPath: domainPath, domainPaths: domainPaths))
    }

    /// The owner's own networks and those its domain shares; a root admin may use any network.
    func mayUse(_ network: Network) -> Bool {
        guard owner.type != .rootAdmin else { return true }
        guard let networkDomainPath = domainPaths[network.domainId] else { return false }
        return network.isUsable(byAccount: owner.id, domainPath: domainPath, networkDomainPath: networkDomainPath)
    }
}
