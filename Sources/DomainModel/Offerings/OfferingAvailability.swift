import Foundation

/// Where an offering may be used: in the zones it is offered in, by accounts of the domains it is limited to
/// and of their subdomains. An offering limited to no zone or no domain is offered everywhere.
extension Offering {
    /// True when the offering is offered in the zone `zoneId`.
    public func isOffered(inZone zoneId: String) -> Bool {
        let zones = Self.ids(zoneIds)
        return zones.isEmpty || zones.contains(zoneId)
    }

    /// True when accounts of the domain at `domainPath` may use the offering; `domainPaths` maps domain ids
    /// to paths (a restriction to a domain that no longer exists allows nobody).
    public func isAvailable(toDomainPath domainPath: String, domainPaths: [String: String]) -> Bool {
        let domains = Self.ids(domainIds)
        return domains.isEmpty || domains.contains { id in domainPaths[id].map { domainPath.hasPrefix($0) } ?? false }
    }

    /// The ids of a comma-separated list, trimmed, without empty entries.
    static func ids(_ list: String?) -> [String] {
        (list ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
