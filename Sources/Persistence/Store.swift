import Foundation
import SQLKit

/// A table whose rows decode to `Entity`; column names are the entity's
/// property names in snake case. The primary key is the text column `id`
/// unless another is named.
public struct Table<Entity: Codable & Sendable>: Sendable {
    public let name: String
    public let primaryKey: String
    public init(_ name: String, primaryKey: String = "id") {
        self.name = name
        self.primaryKey = primaryKey
    }
}

/// A condition in a `WHERE` clause. Values are always bound, never spliced into SQL.
public enum Filter: Sendable {
    case equals(String, any Encodable & Sendable)
    case notEquals(String, any Encodable & Sendable)
    case atLeast(String, any Encodable & Sendable)
    case atMost(String, any Encodable & Sendable)
    case isIn(String, [String])
    case isNull(String)
    case notNull(String)
    /// Case-insensitive substring match on any of the columns.
    case contains([String], String)
}

/// A page request of a list command: 1-based page and page size.
public struct PageRequest: Sendable {
    public var page: Int
    public var size: Int
    public init(page: Int, size: Int) {
        self.page = page
        self.size = size
    }
}

/// Generic row access over SQLKit: insert, replace, find, list with filters and
/// paging, delete, and compare-and-set updates.
public struct Store: Sendable {
    public let sql: any SQLDatabase
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
    public func oneAtATime<T: Sendable>(_ load: () async throws -> T) async throws -> T {
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
    static func key(_ filters: [Filter]) -> String { filters.map(\.cacheKey).joined(separator: "\u{1E}") }

    public func insert<E>(_ entity: E, into table: Table<E>) async throws {
        try await sql.insert(into: table.name).model(entity, with: Self.encoder).run()
    }

    /// Replaces every column of the row with the entity's id.
    public func update<E>(_ entity: E, in table: Table<E>, id: String) async throws {
        try await sql.update(table.name).set(model: entity, with: Self.encoder).where(SQLIdentifier(table.primaryKey), .equal, SQLBind(id)).run()
    }

    public func find<E>(_ table: Table<E>, id: String) async throws -> E? {
        try await cached(Self.key("find", table.name, id)) {
            try await findUncached(table, id: id)
        }
    }

    func findUncached<E>(_ table: Table<E>, id: String) async throws -> E? {
        try await sql.select().column("*").from(table.name).where(SQLIdentifier(table.primaryKey), .equal, SQLBind(id)).first(decoding: E.self, with: Self.decoder)
    }

    public func first<E>(_ table: Table<E>, _ filters: [Filter]) async throws -> E? {
        try await cached(Self.key("first", table.name, Self.key(filters))) {
            try await firstUncached(table, filters)
        }
    }

    func firstUncached<E>(_ table: Table<E>, _ filters: [Filter]) async throws -> E? {
        var query = sql.select().column("*").from(table.name)
        query = apply(filters, to: query)
        return try await query.limit(1).first(decoding: E.self, with: Self.decoder)
    }

    public func all<E>(_ table: Table<E>, _ filters: [Filter] = [], orderBy: String = "created") async throws -> [E] {
        try await cached(Self.key("all", table.name, Self.key(filters), orderBy), rows: \.count) {
            try await allUncached(table, filters, orderBy: orderBy)
        }
    }

    func allUncached<E>(_ table: Table<E>, _ filters: [Filter], orderBy: String) async throws -> [E] {
        var query = sql.select().column("*").from(table.name)
        query = apply(filters, to: query)
        return try await query.orderBy(orderBy).orderBy(table.primaryKey).all(decoding: E.self, with: Self.decoder)
    }

    /// One page of matching rows and the total number of matches, oldest (or with `newestFirst`, newest) first.
    /// The total comes with the rows (a window count), so a page costs one query.
    public func page<E>(_ table: Table<E>, _ filters: [Filter], page: PageRequest?, orderBy: String = "created", newestFirst: Bool = false) async throws -> (items: [E], total: Int) {
        let pageKey = page.map { "\($0.page)/\($0.size)" } ?? "all"
        let result: PageResult<E> = try await cached(Self.key("page", table.name, Self.key(filters), pageKey, orderBy, String(newestFirst)), rows: \.items.count) {
            let (items, total) = try await pageUncached(table, filters, page: page, orderBy: orderBy, newestFirst: newestFirst)
            return PageResult(items: items, total: total)
        }
        return (result.items, result.total)
    }

    func pageUncached<E>(_ table: Table<E>, _ filters: [Filter], page: PageRequest?, orderBy: String, newestFirst: Bool) async throws -> (items: [E], total: Int) {
        let direction: SQLDirection = newestFirst ? .descending : .ascending
        var query = apply(filters, to: sql.select().column("*").column(SQLRaw("COUNT(*) OVER ()"), as: "total_matches").from(table.name))
            .orderBy(orderBy, direction).orderBy(table.primaryKey, direction)
        if let page {
            query = query.limit(page.size).offset(max(0, page.page - 1) * page.size)
        }
        let rows = try await query.all()
        guard let first = rows.first else {
            // A page past the end still reports how many matches there are.
            let total = (page?.page ?? 1) > 1 ? try await count(table.name, filters) : 0
            return ([], total)
        }
        let total = try first.decode(column: "total_matches", as: Int.self)
        return (try rows.map { try $0.decode(model: E.self, with: Self.decoder) }, total)
    }

    public func count(_ table: String, _ filters: [Filter]) async throws -> Int {
        try await cached(Self.key("count", table, Self.key(filters))) {
            try await countUncached(table, filters)
        }
    }

    func countUncached(_ table: String, _ filters: [Filter]) async throws -> Int {
        let query = apply(filters, to: sql.select().column(SQLFunction("COUNT", args: SQLLiteral.all), as: "n").from(table))
        return try await query.first()?.decode(column: "n", as: Int.self) ?? 0
    }

    public func exists(_ table: String, _ filters: [Filter]) async throws -> Bool {
        try await count(table, filters) > 0
    }

    public func delete(from table: String, id: String) async throws {
        try await sql.delete(from: table).where("id", .equal, id).run()
    }

    public func delete(from table: String, _ filters: [Filter]) async throws {
        var query = sql.delete(from: table)
        for filter in filters { query = query.where(Self.predicate(filter)) }
        try await query.run()
    }

    /// Sets columns on the row with `id` only if `expected` still holds; returns
    /// false when another writer changed the row first (zero rows matched).
    public func compareAndSet(
        _ table: String, id: String, expected: [(String, any Encodable & Sendable)], set values: [(String, any Encodable & Sendable)]
    ) async throws -> Bool {
        var query = sql.update(table)
        for (column, value) in values { query = query.set(SQLIdentifier(column), to: SQLBind(value)) }
        query = query.where("id", .equal, id)
        for (column, value) in expected { query = query.where(SQLIdentifier(column), .equal, SQLBind(value)) }
        let rows = try await query.returning("id").all()
        return !rows.isEmpty
    }

    func apply(_ filters: [Filter], to query: SQLSelectBuilder) -> SQLSelectBuilder {
        var query = query
        for filter in filters { query = query.where(Self.predicate(filter)) }
        return query
    }

    static func predicate(_ filter: Filter) -> any SQLExpression {
        switch filter {
        case .equals(let column, let value):
            return SQLBinaryExpression(left: SQLIdentifier(column), op: SQLBinaryOperator.equal, right: SQLBind(value))
        case .notEquals(let column, let value):
            return SQLBinaryExpression(left: SQLIdentifier(column), op: SQLBinaryOperator.notEqual, right: SQLBind(value))
        case .atLeast(let column, let value):
            return SQLBinaryExpression(left: SQLIdentifier(column), op: SQLBinaryOperator.greaterThanOrEqual, right: SQLBind(value))
        case .atMost(let column, let value):
            return SQLBinaryExpression(left: SQLIdentifier(column), op: SQLBinaryOperator.lessThanOrEqual, right: SQLBind(value))
        case .isIn(let column, let values):
            if values.isEmpty { return SQLRaw("1 = 0") }
            return SQLBinaryExpression(left: SQLIdentifier(column), op: SQLBinaryOperator.in, right: SQLGroupExpression(values.map { SQLBind($0) }))
        case .isNull(let column):
            return SQLBinaryExpression(left: SQLIdentifier(column), op: SQLBinaryOperator.is, right: SQLLiteral.null)
        case .notNull(let column):
            return SQLBinaryExpression(left: SQLIdentifier(column), op: SQLBinaryOperator.isNot, right: SQLLiteral.null)
        case .contains(let columns, let text):
            let escaped = text.lowercased().replacingOccurrences(of: "\\", with: "\\\\")
                .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_")
            let pattern = "%" + escaped + "%"
            let parts: [any SQLExpression] = columns.map { column in
                SQLBinaryExpression(
                    left: SQLFunction("LOWER", args: SQLIdentifier(column)),
                    op: SQLRaw("LIKE"),
                    right: SQLList([SQLBind(pattern), SQLRaw("ESCAPE '\\'")], separator: SQLRaw(" "))
                )
            }
            return SQLGroupExpression(SQLList(parts, separator: SQLRaw(" OR ")))
        }
    }
}

/// A page of rows with the total match count, as the read cache keeps it.
struct PageResult<E: Sendable>: Sendable {
    let items: [E]
    let total: Int
}
