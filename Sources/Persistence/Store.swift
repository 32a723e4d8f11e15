import Foundation
import SQLKit

/// A table whose rows decode to `Entity`; column names are the entity's property names in snake case
/// (`GeneratedColumns.swift` names each one). The primary key is the text column `id` unless another is
/// named; lists are ordered by `created` unless another column is named.
public struct Table<Entity: Codable & Sendable>: Sendable {
    let name: String
    let primaryKey: String
    let defaultOrder: String
    /// Whether rows carry a `row_version` that every write bumps.
    let isVersioned: Bool

    init(_ name: String, primaryKey: String = "id", defaultOrder: String = "created") {
        self.name = name
        self.primaryKey = primaryKey
        self.defaultOrder = defaultOrder
        isVersioned = Entity.self is any VersionedRow.Type
    }
}

/// A page request of a list command: 1-based page and page size.
public struct PageRequest: Sendable {
    public var page: Int
    public var size: Int
    public init(page: Int, size: Int) {
        self.page = page
        self.size = size
    }

    /// Index of the page's first item; nil for a page past any possible end (its offset would not fit an
    /// `Int`), which holds nothing. Never traps, whatever the request asked for.
    public var offset: Int? {
        let (offset, overflow) = (page <= 1 ? 0 : page - 1).multipliedReportingOverflow(by: max(size, 0))
        return overflow ? nil : offset
    }

    /// The page's part of `items`, which are already filtered and sorted.
    public func slice<T>(of items: [T]) -> ArraySlice<T> {
        guard let offset, offset < items.count else { return items[items.count...] }
        return items[offset..<(offset + min(max(size, 0), items.count - offset))]
    }
}

/// Row access over SQLKit: insert, find, list with filters and paging, delete, and writes — a versioned
/// compare-and-set for entities with a row version, a conditional write, and an unchecked overwrite.
/// Its SQL never leaves this module; queries that are more than a filtered list are named in `Queries/`.
public struct Store: Sendable {
    let sql: any SQLDatabase
    /// Set on the read store only: results served until the next commit.
    let cache: ReadCache?
    /// Set on the read store only: one statement at a time on the read connection. SQLite keeps one
    /// snapshot per connection while any statement on it is still being read, so a query started after a
    /// commit, while another was in progress, could otherwise miss that commit.
    let readLock: AsyncLock?

    /// Nil properties are written as NULL, so an update can clear a column.
    static let encoder = SQLQueryEncoder(keyEncodingStrategy: .custom(ColumnNames.strategy), nilEncodingStrategy: .asNil)
    static let decoder = SQLRowDecoder(keyDecodingStrategy: .custom(ColumnNames.strategy))

    init(_ sql: any SQLDatabase, cache: ReadCache? = nil, readLock: AsyncLock? = nil) {
        self.sql = sql
        self.cache = cache
        self.readLock = readLock
    }

    /// Runs `load` unless a result for `key` read since the last commit is at hand.
    func cached<T: Sendable>(_ key: @autoclosure () -> String, rows: (T) -> Int = { _ in 1 }, _ load: () async throws -> T) async throws -> T {
        guard let cache else { return try await load() }
        let generation = cache.generation
        let key = key()
        // Unwrap before casting: a miss (nil) would otherwise cast to a cached "nil" when T is optional.
        if let boxed = cache.value(for: key, generation: generation), let hit = boxed as? T { return hit }
        let value = try await oneAtATime(load)
        cache.store(value, rows: rows(value), for: key, generation: generation)
        return value
    }

    /// Runs `load` holding the read lock, when this store has one.
    func oneAtATime<T: Sendable>(_ load: () async throws -> T) async throws -> T {
        guard let readLock else { return try await load() }
        await readLock.lock()
        do {
            let value = try await load()
            await readLock.unlock()
            return value
        } catch {
            await readLock.unlock()
            throw error
        }
    }

    static func key(_ parts: String...) -> String { parts.joined(separator: "\u{1F}") }
    static func key<E>(_ filters: [Filter<E>]) -> String { filters.map(\.cacheKey).joined(separator: "\u{1E}") }

    // MARK: Reads

    public func find<E>(_ table: Table<E>, id: String) async throws -> E? {
        try await cached(Self.key("find", table.name, id)) {
            try await sql.select().column("*").from(table.name).where(SQLIdentifier(table.primaryKey), .equal, SQLBind(id))
                .first(decoding: E.self, with: Self.decoder)
        }
    }

    public func first<E>(_ table: Table<E>, _ filters: [Filter<E>]) async throws -> E? {
        try await cached(Self.key("first", table.name, Self.key(filters))) {
            try await apply(filters, to: sql.select().column("*").from(table.name)).limit(1).first(decoding: E.self, with: Self.decoder)
        }
    }

    /// Every matching row, in the table's default order.
    public func all<E>(_ table: Table<E>, _ filters: [Filter<E>] = []) async throws -> [E] {
        try await all(table, filters, orderedBy: table.defaultOrder)
    }

    /// Every matching row, ordered by `orderBy`.
    public func all<E, V>(_ table: Table<E>, _ filters: [Filter<E>] = [], orderBy: Column<E, V>) async throws -> [E] {
        try await all(table, filters, orderedBy: orderBy.name)
    }

    func all<E>(_ table: Table<E>, _ filters: [Filter<E>], orderedBy orderBy: String) async throws -> [E] {
        try await cached(Self.key("all", table.name, Self.key(filters), orderBy), rows: \.count) {
            try await apply(filters, to: sql.select().column("*").from(table.name))
                .orderBy(orderBy).orderBy(table.primaryKey).all(decoding: E.self, with: Self.decoder)
        }
    }

    /// One page of matching rows and the total number of matches, in the table's default order (or with
    /// `newestFirst`, the reverse). The total comes with the rows (a window count), so a page costs one query.
    public func page<E>(_ table: Table<E>, _ filters: [Filter<E>], page: PageRequest?, newestFirst: Bool = false) async throws -> (items: [E], total: Int) {
        try await self.page(table, filters, page: page, orderedBy: table.defaultOrder, newestFirst: newestFirst)
    }

    /// One page of matching rows ordered by `orderBy`, and the total number of matches.
    public func page<E, V>(_ table: Table<E>, _ filters: [Filter<E>], page: PageRequest?, orderBy: Column<E, V>, newestFirst: Bool = false) async throws -> (items: [E], total: Int) {
        try await self.page(table, filters, page: page, orderedBy: orderBy.name, newestFirst: newestFirst)
    }

    func page<E>(_ table: Table<E>, _ filters: [Filter<E>], page: PageRequest?, orderedBy orderBy: String, newestFirst: Bool) async throws -> (items: [E], total: Int) {
        let pageKey = page.map { "\($0.page)/\($0.size)" } ?? "all"
        let result: PageResult<E> = try await cached(Self.key("page", table.name, Self.key(filters), pageKey, orderBy, String(newestFirst)), rows: \.items.count) {
            let (items, total) = try await pageUncached(table, filters, page: page, orderBy: orderBy, newestFirst: newestFirst)
            return PageResult(items: items, total: total)
        }
        return (result.items, result.total)
    }

    func pageUncached<E>(_ table: Table<E>, _ filters: [Filter<E>], page: PageRequest?, orderBy: String, newestFirst: Bool) async throws -> (items: [E], total: Int) {
        let direction: SQLDirection = newestFirst ? .descending : .ascending
        var query = apply(filters, to: sql.select().column("*").column(SQLRaw("COUNT(*) OVER ()"), as: "total_matches").from(table.name))
            .orderBy(orderBy, direction).orderBy(table.primaryKey, direction)
        if let page {
            // Pages past any possible end (an offset beyond Int) hold nothing; they never trap.
            guard let offset = page.offset else { return ([], try await countUncached(table, filters)) }
            query = query.limit(max(page.size, 0)).offset(offset)
        }
        let rows = try await query.all()
        guard let first = rows.first else {
            // A page past the end still reports how many matches there are.
            let total = (page?.page ?? 1) > 1 ? try await countUncached(table, filters) : 0
            return ([], total)
        }
        let total = try first.decode(column: "total_matches", as: Int.self)
        return (try rows.map { try $0.decode(model: E.self, with: Self.decoder) }, total)
    }

    public func count<E>(_ table: Table<E>, _ filters: [Filter<E>]) async throws -> Int {
        try await cached(Self.key("count", table.name, Self.key(filters))) {
            try await countUncached(table, filters)
        }
    }

    func countUncached<E>(_ table: Table<E>, _ filters: [Filter<E>]) async throws -> Int {
        let query = apply(filters, to: sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table.name))
        return try await query.first()?.decode(column: "n", as: Int.self) ?? 0
    }

    public func exists<E>(_ table: Table<E>, _ filters: [Filter<E>]) async throws -> Bool {
        try await count(table, filters) > 0
    }

    // MARK: Writes

    public func insert<E>(_ entity: E, into table: Table<E>) async throws {
        try await sql.insert(into: table.name).model(entity, with: Self.encoder).run()
    }

    public func delete<E>(from table: Table<E>, id: String) async throws {
        try await sql.delete(from: table.name).where(SQLIdentifier(table.primaryKey), .equal, SQLBind(id)).run()
    }

    public func delete<E>(from table: Table<E>, _ filters: [Filter<E>]) async throws {
        var query = sql.delete(from: table.name)
        for filter in filters { query = query.where(filter.expression) }
        try await query.run()
    }

    func apply<E>(_ filters: [Filter<E>], to query: SQLSelectBuilder) -> SQLSelectBuilder {
        var query = query
        for filter in filters { query = query.where(filter.expression) }
        return query
    }
}

/// A page of rows with the total match count, as the read cache keeps it.
struct PageResult<E: Sendable>: Sendable {
    let items: [E]
    let total: Int
}
