import Foundation
import SQLKit

/// The three ways a row changes: a versioned compare-and-set of a whole entity, a write of named columns
/// that holds only while conditions still hold, and an unchecked write. Writes to a versioned table
/// always bump `row_version`, so a versioned writer notices every other write.
extension Store {
    /// Applies `change` to `entity` and writes the columns it changed, only if the row still has the
    /// entity's version; the version is bumped with them. Returns false, leaving `entity` as it was, when
    /// another writer changed the row first. A change that alters nothing writes nothing.
    public func update<E: VersionedRow>(_ entity: inout E, in table: Table<E>, _ change: (inout E) throws -> Void) async throws -> Bool {
        var next = entity
        try change(&next)
        next.rowVersion = entity.rowVersion
        let changed = Self.changedColumns(from: entity, to: next)
        guard !changed.isEmpty else { return true }
        var query = sql.update(table.name)
        for (column, value) in try Self.encoder.encode(next) where changed.contains(column) {
            query = query.set(SQLIdentifier(column), to: value)
        }
        query = query.set(SQLIdentifier("row_version"), to: SQLBind(entity.rowVersion + 1))
            .where(SQLIdentifier(table.primaryKey), .equal, SQLBind(entity.id))
            .where(SQLIdentifier("row_version"), .equal, SQLBind(entity.rowVersion))
        guard try await !query.returning(SQLIdentifier(table.primaryKey)).all().isEmpty else { return false }
        next.rowVersion = entity.rowVersion + 1
        entity = next
        return true
    }

    /// Sets `values` on the row with `id` only while every filter of `expected` still holds; false when
    /// another writer changed the row first (no row matched).
    public func update<E>(_ table: Table<E>, id: String, where expected: [Filter<E>], set values: [Assignment<E>]) async throws -> Bool {
        var query = assignments(values, on: table)
            .where(SQLIdentifier(table.primaryKey), .equal, SQLBind(id))
        for filter in expected { query = query.where(filter.expression) }
        return try await !query.returning(SQLIdentifier(table.primaryKey)).all().isEmpty
    }

    /// Sets `values` on the row with `id` whatever its state: for rows no other writer races on, or
    /// columns whose last writer rightly wins. Returns false when there is no such row.
    @discardableResult
    public func overwrite<E>(_ table: Table<E>, id: String, set values: [Assignment<E>]) async throws -> Bool {
        try await update(table, id: id, where: [], set: values)
    }

    /// Replaces every column of the row with `id` by the entity's values, whatever the row holds.
    public func replace<E>(_ entity: E, in table: Table<E>, id: String) async throws {
        var query = sql.update(table.name)
        for (column, value) in try Self.encoder.encode(entity) where !(table.isVersioned && column == "row_version") {
            query = query.set(SQLIdentifier(column), to: value)
        }
        if table.isVersioned { query = query.set(SQLIdentifier("row_version"), to: SQLRaw("row_version + 1")) }
        try await query.where(SQLIdentifier(table.primaryKey), .equal, SQLBind(id)).run()
    }

    func assignments<E>(_ values: [Assignment<E>], on table: Table<E>) -> SQLUpdateBuilder {
        var query = sql.update(table.name)
        for value in values { query = query.set(SQLIdentifier(value.column), to: SQLBind(value.value)) }
        if table.isVersioned { query = query.set(SQLIdentifier("row_version"), to: SQLRaw("row_version + 1")) }
        return query
    }

    /// The columns whose values differ between two versions of an entity: its stored properties, compared
    /// pairwise (entities are flat rows of hashable values; anything else counts as changed).
    static func changedColumns<E>(from old: E, to new: E) -> Set<String> {
        var changed = Set<String>()
        for (before, after) in zip(Mirror(reflecting: old).children, Mirror(reflecting: new).children) {
            guard let label = before.label else { continue }
            if !Self.same(before.value, after.value) { changed.insert(ColumnNames.column(for: label)) }
        }
        return changed
    }

    static func same(_ lhs: Any, _ rhs: Any) -> Bool {
        func isNil(_ value: Any) -> Bool {
            let mirror = Mirror(reflecting: value)
            return mirror.displayStyle == .optional && mirror.children.isEmpty
        }
        if isNil(lhs) || isNil(rhs) { return isNil(lhs) && isNil(rhs) }
        guard let left = lhs as? AnyHashable, let right = rhs as? AnyHashable else { return false }
        return left == right
    }
}
