/// The table format: a bordered grid with the field names as headers.
enum TableRenderer {
    static func render(_ view: ResponseRows) -> String {
        guard !view.rows.isEmpty else { return "" }
        let cells = view.rows.map { row in view.columns.map { CellText.oneLine(row[$0]) } }
        let widths = view.columns.indices.map { column in
            max(view.columns[column].count, cells.map { $0[column].count }.max() ?? 0)
        }
        let rule = "+" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "+") + "+"
        func line(_ values: [String]) -> String {
            "|" + zip(values, widths).map { " " + $0.padding(to: $1) + " " }.joined(separator: "|") + "|"
        }
        return ([rule, line(view.columns), rule] + cells.map(line) + [rule]).joined(separator: "\n") + "\n"
    }
}

extension String {
    /// The string followed by spaces up to `width` characters.
    func padding(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
