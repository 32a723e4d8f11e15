/// How results are printed, chosen with `-o/--output` per call or `output` per profile.
public enum OutputFormat: String, CaseIterable, Sendable {
    /// Indented JSON of the response object, keys sorted.
    case json
    /// Rows in a bordered table; headers are the field names.
    case table
    /// Comma-separated values with a header line.
    case csv
    /// `key = value` lines, one block per row, blocks separated by a line.
    case text
    /// Aligned columns with upper-case headers and no borders.
    case column
    /// The same as json, as in cmk.
    case `default`

    public static var allNames: String { allCases.map(\.rawValue).joined(separator: ", ") }
}
