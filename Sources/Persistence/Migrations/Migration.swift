import SQLKit

/// A named schema change. Migrations are applied in order, once, and never edited after they ship.
public struct Migration: Sendable {
    public let name: String
    let apply: @Sendable (any SQLDatabase) async throws -> Void

    init(_ name: String, _ apply: @escaping @Sendable (any SQLDatabase) async throws -> Void) {
        self.name = name
        self.apply = apply
    }
}

/// A column definition for the small table-building helper used by migrations.
struct ColumnDefinition {
    let name: String
    let type: SQLDataType
    let nullable: Bool

    static func text(_ name: String) -> ColumnDefinition { ColumnDefinition(name: name, type: .text, nullable: false) }
    static func optionalText(_ name: String) -> ColumnDefinition { ColumnDefinition(name: name, type: .text, nullable: true) }
    static func int(_ name: String) -> ColumnDefinition { ColumnDefinition(name: name, type: .bigint, nullable: false) }
    static func optionalInt(_ name: String) -> ColumnDefinition { ColumnDefinition(name: name, type: .bigint, nullable: true) }
    static func bool(_ name: String) -> ColumnDefinition { ColumnDefinition(name: name, type: .custom(SQLRaw("BOOLEAN")), nullable: false) }
    static func date(_ name: String) -> ColumnDefinition { ColumnDefinition(name: name, type: .timestamp, nullable: false) }
    static func optionalDate(_ name: String) -> ColumnDefinition { ColumnDefinition(name: name, type: .timestamp, nullable: true) }
}

extension SQLDatabase {
    /// Creates a table whose primary key is the text column `id`, followed by `columns`.
    func createTable(_ name: String, _ columns: [ColumnDefinition], primaryKey: String = "id") async throws {
        var builder = create(table: name)
        if !columns.contains(where: { $0.name == primaryKey }) {
            builder = builder.column(primaryKey, type: .text, .primaryKey(autoIncrement: false), .notNull)
        }
        for column in columns {
            var constraints: [SQLColumnConstraintAlgorithm] = column.nullable ? [] : [.notNull]
            if column.name == primaryKey { constraints.append(.primaryKey(autoIncrement: false)) }
            builder = builder.column(column.name, type: column.type, constraints)
        }
        try await builder.run()
    }

    func createIndex(_ name: String, on table: String, _ columns: String..., unique: Bool = false) async throws {
        var builder = create(index: name).on(table)
        if unique { builder = builder.unique() }
        for column in columns { builder = builder.column(column) }
        try await builder.run()
    }
}
