/// The column format: upper-case headers and values aligned in columns two spaces apart.
enum ColumnRenderer {
    static func render(_ view: ResponseRows) -> String {
        guard !view.rows.isEmpty else { return "" }
        let header = view.columns.map { $0.uppercased() }
        let lines = [header] + view.rows.map { row in view.columns.map { CellText.oneLine(row[$0]) } }
        let widths = header.indices.map { column in lines.map { $0[column].count }.max() ?? 0 }
        return lines.map { values in
            zip(values, widths).enumerated().map { index, pair in
                index == values.count - 1 ? pair.0 : pair.0.padding(to: pair.1)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
    }
}
