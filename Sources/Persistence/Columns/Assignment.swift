/// A column of `Entity`'s table set to a value, for writes that name their columns.
public struct Assignment<Entity>: Sendable {
    let column: String
    let value: any Encodable & Sendable

    public static func set<V: Encodable & Sendable>(_ column: Column<Entity, V>, _ value: V) -> Assignment {
        Assignment(column: column.name, value: value)
    }
}
