import Foundation

/// A condition in a `WHERE` clause on `Entity`'s table. Values are always bound, never spliced into SQL.
public struct Filter<Entity>: Sendable {
    enum Predicate: Sendable {
        case equals(String, any Encodable & Sendable)
        case notEquals(String, any Encodable & Sendable)
        case atLeast(String, any Encodable & Sendable)
        case atMost(String, any Encodable & Sendable)
        case isIn(String, [any Encodable & Sendable])
        case isNull(String)
        case notNull(String)
        /// Case-insensitive substring match on any of the columns.
        case contains([String], String)
    }

    let predicate: Predicate

    public static func equals<V: Encodable & Sendable>(_ column: Column<Entity, V>, _ value: V) -> Filter {
        Filter(predicate: .equals(column.name, value))
    }

    public static func notEquals<V: Encodable & Sendable>(_ column: Column<Entity, V>, _ value: V) -> Filter {
        Filter(predicate: .notEquals(column.name, value))
    }

    public static func atLeast<V: Encodable & Sendable>(_ column: Column<Entity, V>, _ value: V) -> Filter {
        Filter(predicate: .atLeast(column.name, value))
    }

    public static func atMost<V: Encodable & Sendable>(_ column: Column<Entity, V>, _ value: V) -> Filter {
        Filter(predicate: .atMost(column.name, value))
    }

    /// The column holds one of `values`; an empty list matches no row.
    public static func isIn<V: Encodable & Sendable>(_ column: Column<Entity, V>, _ values: [V]) -> Filter {
        Filter(predicate: .isIn(column.name, values))
    }

    /// `isIn` for an optional column given plain values.
    public static func isIn<V: Encodable & Sendable>(_ column: Column<Entity, V?>, _ values: [V]) -> Filter {
        Filter(predicate: .isIn(column.name, values))
    }

    public static func isNull<V>(_ column: Column<Entity, V?>) -> Filter {
        Filter(predicate: .isNull(column.name))
    }

    public static func notNull<V>(_ column: Column<Entity, V?>) -> Filter {
        Filter(predicate: .notNull(column.name))
    }

    /// A case-insensitive substring match of `text` on any of `columns`.
    public static func contains<each V>(_ text: String, in columns: repeat Column<Entity, each V>) -> Filter {
        var names: [String] = []
        for column in repeat each columns { names.append(column.name) }
        return Filter(predicate: .contains(names, text))
    }

    /// Matches no row: what a list shows when the caller may see nothing of the kind.
    public static var nothing: Filter { Filter(predicate: .isIn("id", [])) }
}
