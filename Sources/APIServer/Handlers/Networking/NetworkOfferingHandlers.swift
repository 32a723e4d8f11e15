import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handler of listNetworkOfferings.
enum NetworkOfferingHandlers {
    static func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters = ctx.identityFilters() + ctx.keywordFilter("name", "display_text")
        if let text = ctx.string("displaytext"), !text.isEmpty { filters.append(.equals("display_text", text)) }
        if let traffic = ctx.string("traffictype"), !traffic.isEmpty { filters.append(.equals("traffic_type", TrafficType.kind(traffic) ?? traffic)) }
        if let type = ctx.string("guestiptype"), !type.isEmpty { filters.append(.equals("guest_ip_type", guestType(type))) }
        if let state = ctx.string("state"), !state.isEmpty { filters.append(.equals("state", AllocationState(api: state)?.rawValue ?? state)) }
        if let availability = ctx.string("availability"), !availability.isEmpty {
            filters.append(.equals("availability", availability.prefix(1).uppercased() + availability.dropFirst().lowercased()))
        }
        for (parameter, column) in [("isdefault", "is_default"), ("specifyvlan", "specify_vlan"), ("specifyipranges", "specify_ip_ranges"), ("forvpc", "for_vpc")] {
            if let value = ctx.bool(parameter) { filters.append(.equals(column, value)) }
        }
        if ctx.bool("sourcenatsupported") == true || ctx.bool("istagged") == true { filters.append(.isIn("id", [])) }
        var offerings = try await ctx.db.read.all(Tables.networkOffering, filters)
        if let wanted = ctx.list("supportedservices") {
            offerings = offerings.filter { offering in
                let offered = Set(offering.serviceProviders.map { $0.service.lowercased() })
                return wanted.allSatisfy { offered.contains($0.lowercased()) }
            }
        }
        return .list(objectName: "networkoffering", items: NetworkHandlers.page(offerings, try ctx.page).map(\.apiObject), count: offerings.count)
    }

    /// The stored spelling of a guest type given in any case (`shared` → `Shared`).
    static func guestType(_ text: String) -> String {
        ["Shared", "Isolated", "L2"].first { $0.lowercased() == text.lowercased() } ?? text
    }
}
