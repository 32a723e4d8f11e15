import APIModel
import DomainModel
import Foundation
import Orchestration
import Persistence

/// Handlers of listEvents and listAlerts. Both list newest first.
enum EventHandlers {
    static let states = ["Created", "Scheduled", "Started", "Completed"]

    static func listEvents(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<Event>] = ctx.keywordFilter(.type, .description, .level)
        if let accounts = try await AccountScope.accountIds(ctx) { filters.append(.isIn(.accountId, accounts)) }
        if let event = try await ctx.entity("id", in: Tables.event) { filters.append(.equals(.id, event.id)) }
        if let start = try await ctx.entity("startid", in: Tables.event) {
            // Event ids all have the same length, so containing the id means being it.
            filters.append(.contains(start.id, in: .id, .parentId))
        }
        if let type = given(ctx, "type") { filters.append(.equals(.type, type.uppercased())) }
        ctx.match("level", .level, into: &filters)
        if let value = given(ctx, "resourceid") { filters.append(.equals(.resourceId, value)) }
        if let value = given(ctx, "resourcetype") { filters.append(.equals(.resourceType, value)) }
        if let state = given(ctx, "state") {
            guard let known = states.first(where: { $0.caseInsensitiveCompare(state) == .orderedSame }) else {
                throw APIError.invalidParameter("Invalid event state \(state); use Created, Scheduled, Started or Completed")
            }
            filters.append(.equals(.state, known))
        }
        if let start = date(ctx, "startdate") { filters.append(.atLeast(.created, start)) }
        if let end = date(ctx, "enddate", endOfDay: true) { filters.append(.atMost(.created, end)) }
        // Cumulo does not archive events.
        if ctx.bool("archived") == true { filters.append(.nothing) }

        let names = NameLookup(reads: ctx.reads)
        if let pending = try await pending(ctx, filters) {
            var items: [APIObject] = []
            for event in pending { items.append(try await event.apiObject(names)) }
            return .list(objectName: "event", items: items, count: items.count)
        }
        let (events, total) = try await ctx.reads.page(Tables.event, filters, page: try ctx.page, orderBy: .created, newestFirst: true)
        var items: [APIObject] = []
        for event in events { items.append(try await event.apiObject(names)) }
        return .list(objectName: "event", items: items, count: total)
    }

    static func listAlerts(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<Alert>] = [.equals(.archived, false)] + ctx.keywordFilter(.subject)
        if let alert = try await ctx.entity("id", in: Tables.alert) { filters.append(.equals(.id, alert.id)) }
        if let type = given(ctx, "type") {
            guard let number = Int(type) else { throw APIError.invalidParameter("Invalid alert type \(type); give the alert type number") }
            filters.append(AlertType(rawValue: number).map { .equals(.type, $0) } ?? .nothing)
        }
        if let name = given(ctx, "name") { filters.append(.equals(.name, name)) }
        let (alerts, total) = try await ctx.reads.page(Tables.alert, filters, page: try ctx.page, orderBy: .sent, newestFirst: true)
        return .list(objectName: "alert", items: alerts.map(\.apiObject), count: total)
    }

    /// With `entrytime` and `duration`, CloudStack lists the actions still open: events that started an
    /// action between `entrytime` and `duration` seconds ago and have no Completed event under them.
    /// Nil when the two are not both given.
    static func pending(_ ctx: CommandContext, _ filters: [Filter<Event>]) async throws -> [Event]? {
        guard let entryTime = try ctx.int("entrytime"), let duration = try ctx.int("duration") else { return nil }
        guard entryTime > duration else { throw APIError.invalidParameter("Entry time must be greater than duration") }
        let now = Date()
        let started = try await ctx.reads.all(Tables.event, filters + [
            .notEquals(.state, "Completed"), .isNull(.parentId),
            .atLeast(.created, now.addingTimeInterval(-Double(entryTime))), .atMost(.created, now.addingTimeInterval(-Double(duration))),
        ])
        var open: [Event] = []
        for event in started.reversed() where try await !ctx.reads.exists(Tables.event, [.equals(.parentId, event.id), .equals(.state, "Completed")]) {
            open.append(event)
        }
        return open
    }

    /// A `startdate` or `enddate` in any form CloudStack takes (ISO 8601, `yyyy-MM-dd HH:mm:ss`,
    /// `yyyy-MM-dd`, UTC); a bare day that ends a range ends at its last second.
    static func date(_ ctx: CommandContext, _ name: String, endOfDay: Bool = false) -> Date? {
        guard let text = given(ctx, name) else { return nil }
        if let date = ExpiryParser.parse(text) { return date }
        guard let date = ParameterValidator.plainDate(text) else { return nil }
        return endOfDay && !text.contains(":") ? date.addingTimeInterval(86_400 - 0.001) : date
    }

    static func given(_ ctx: CommandContext, _ name: String) -> String? {
        guard let value = ctx.string(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }
}

extension EventHandlers {
    static let table: [String: CommandHandler] = [
        "listEvents": listEvents,
        "listAlerts": listAlerts,
    ]
}
