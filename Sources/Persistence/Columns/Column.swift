/// A column of `Entity`'s table whose values are `Value`. Columns are named only here, in Persistence:
/// `GeneratedColumns.swift` gives every entity property one, so code elsewhere writes `.hostId` where a
/// `Filter<VirtualMachine>` or an `Assignment<VirtualMachine>` is expected.
public struct Column<Entity, Value>: Sendable {
    let name: String

    init(_ name: String) {
        self.name = name
    }
}
