/// The text format: one `key = value` line per field, rows separated by a line of `=`.
enum TextRenderer {
    static let separator = String(repeating: "=", count: 40)

    static func render(_ view: ResponseRows) -> String {
        view.rows.map { row in
            view.columns.filter { row[$0] != nil }.map { "\($0) = \(CellText.oneLine(row[$0]))\n" }.joined()
        }.joined(separator: separator + "\n")
    }
}
