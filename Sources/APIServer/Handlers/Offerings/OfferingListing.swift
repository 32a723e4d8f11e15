import APIModel
import DomainModel
import Foundation
import Orchestration
import Persistence

/// What listServiceOfferings and listDiskOfferings share: who may see a domain-restricted
/// offering, the `state`, `zoneid` and `domainid` filters, and paging of the visible rows.
struct OfferingListing {
    let ctx: CommandContext
    /// Domain id → path, for callers that see only some restricted offerings; nil for the root admin.
    let domainPaths: [String: String]?
    /// Offerings restricted to this domain only (`domainid`).
    let domain: Domain?
    /// Offerings offered in this zone only (`zoneid`).
    let zone: Zone?

    static func start(_ ctx: CommandContext) async throws -> OfferingListing {
        let domain = try await ctx.entity("domainid", in: Tables.domain)
        if let domain, !ctx.caller.administers(domainPath: domain.path), !ctx.caller.domain.path.hasPrefix(domain.path) {
            throw APIError.permissionDenied("Account \(ctx.caller.account.name) does not have permission to see offerings of domain \(domain.name)")
        }
        let zone = try await ctx.entity("zoneid", in: Tables.zone)
        var paths: [String: String]?
        if !ctx.caller.isRootAdmin {
            paths = Dictionary(uniqueKeysWithValues: try await ctx.reads.all(Tables.domain).map { ($0.id, $0.path) })
        }
        return OfferingListing(ctx: ctx, domainPaths: paths, domain: domain, zone: zone)
    }

    /// Rows not removed, in the state asked for (Active unless `state` says Inactive or all).
    func stateFilters<E>(_ removed: Column<E, Date?>, _ stateColumn: Column<E, String>) throws -> [Filter<E>] {
        var filters: [Filter<E>] = [.isNull(removed)]
        guard let state = ctx.string("state"), !state.isEmpty else { return filters + [.equals(stateColumn, "Active")] }
        switch state.lowercased() {
        case "all": break
        case "active": filters.append(.equals(stateColumn, "Active"))
        case "inactive": filters.append(.equals(stateColumn, "Inactive"))
        default: throw APIError.invalidParameter("Invalid state \(state); use Active, Inactive or all")
        }
        return filters
    }

    /// Whether the caller may use an offering restricted to `domainIds` (nil = public): one restricted to the
    /// caller's domain or a domain above it, or, for a domain admin, to a domain it administers.
    func visible(_ domainIds: String?) -> Bool {
        guard let domainIds, let paths = domainPaths else { return true }
        return Self.ids(domainIds).contains { id in
            guard let path = paths[id] else { return false }
            return ctx.caller.domain.path.hasPrefix(path) || ctx.caller.administers(domainPath: path)
        }
    }

    /// Whether an offering passes the `domainid` and `zoneid` filters.
    func matches(domainIds: String?, zoneIds: String?) -> Bool {
        if let domain, !(domainIds.map(Self.ids)?.contains(domain.id) ?? false) { return false }
        if let zone, let zoneIds, !Self.ids(zoneIds).contains(zone.id) { return false }
        return true
    }

    /// Refuses ids of resources Cumulo does not have yet (VMs, templates, volumes): none can exist.
    func refuseUnknown(_ parameters: String...) throws {
        for parameter in parameters {
            if let value = ctx.string(parameter), !value.isEmpty {
                throw APIError.unknownEntity(parameter, value: value, command: ctx.descriptor.name)
            }
        }
    }

    /// The page asked for, cut from rows already filtered and sorted.
    func page<T>(_ items: [T]) throws -> ArraySlice<T> {
        guard let page = try ctx.page else { return items[...] }
        return page.slice(of: items)
    }

    static func ids(_ list: String) -> [String] {
        list.split(separator: ",").map(String.init)
    }

    /// The `update…Offering` parameters both kinds of offering share.
    static func commonChanges(_ ctx: CommandContext) throws -> OfferingChanges {
        var c = OfferingChanges()
        c.name = ctx.string("name")
        c.displayText = ctx.string("displaytext")
        c.sortKey = try ctx.int("sortkey")
        c.domainIds = ctx.string("domainid")
        c.zoneIds = ctx.string("zoneid")
        return c
    }
}
