import APIModel
import Persistence

/// Turning list parameters into filters on typed columns.
extension CommandContext {
    /// Adds `column = value` when the request gives `parameter` a non-empty value.
    func match<E>(_ parameter: String, _ column: Column<E, String>, into filters: inout [Filter<E>]) {
        if let value = nonEmpty(parameter) { filters.append(.equals(column, value)) }
    }

    /// Adds `column = value` for an optional column when the request gives `parameter` a non-empty value.
    func match<E>(_ parameter: String, _ column: Column<E, String?>, into filters: inout [Filter<E>]) {
        if let value = nonEmpty(parameter) { filters.append(.equals(column, value)) }
    }

    /// Adds `column = true/false` when the request gives the boolean `parameter`.
    func match<E>(_ parameter: String, _ column: Column<E, Bool>, into filters: inout [Filter<E>]) {
        if let value = bool(parameter) { filters.append(.equals(column, value)) }
    }

    /// Adds `column = value` for an enum column, whatever the case of the value's spelling; a value no case
    /// has matches nothing.
    func match<E, V: RawRepresentable & CaseIterable & Encodable & Sendable>(
        _ parameter: String, _ column: Column<E, V>, into filters: inout [Filter<E>]
    ) where V.RawValue == String {
        guard let value = nonEmpty(parameter) else { return }
        if let known = V.allCases.first(where: { $0.rawValue.caseInsensitiveCompare(value) == .orderedSame }) {
            filters.append(.equals(column, known))
        } else {
            filters.append(.nothing)
        }
    }

    /// Adds `column = value` for a text column with a known set of spellings, in their canonical case.
    func match<E>(_ parameter: String, _ column: Column<E, String>, spelledAs known: [String], into filters: inout [Filter<E>]) {
        guard let value = nonEmpty(parameter) else { return }
        filters.append(.equals(column, known.first { $0.caseInsensitiveCompare(value) == .orderedSame } ?? value))
    }
}
