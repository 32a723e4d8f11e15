import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handler of listNetworkOfferings.
enum NetworkOfferingHandlers {
    static func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<NetworkOffering>] = ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name, .displayText)
        if let text = ctx.string("displaytext"), !text.isEmpty { filters.append(.equals(.displayText, text)) }
        if let traffic = ctx.string("traffictype"), !traffic.isEmpty { filters.append(.equals(.trafficType, TrafficType.kind(traffic) ?? traffic)) }
        if let type = ctx.string("guestiptype"), !type.isEmpty { filters.append(.equals(.guestIpType, guestType(type))) }
        if let state = ctx.string("state"), !state.isEmpty { filters.append(.equals(.state, AllocationState(api: state)?.rawValue ?? state)) }
        if let availability = ctx.string("availability"), !availability.isEmpty {
            filters.append(.equals(.availability, availability.prefix(1).uppercased() + availability.dropFirst().lowercased()))
        }
        ctx.match("isdefault", .isDefault, into: &filters)
        ctx.match("specifyvlan", .specifyVlan, into: &filters)
        ctx.match("specifyipranges", .specifyIpRanges, into: &filters)
        ctx.match("forvpc", .forVpc, into: &filters)
        if ctx.bool("sourcenatsupported") == true || ctx.bool("istagged") == true { filters.append(.nothing) }
        var offerings = try await ctx.reads.all(Tables.networkOffering, filters)
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
