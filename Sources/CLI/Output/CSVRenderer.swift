import Foundation

/// The csv format (RFC 4180): a header line of field names, then one line per row;
/// values with commas, quotes or line breaks are quoted.
enum CSVRenderer {
    static func render(_ view: ResponseRows) -> String {
        guard !view.rows.isEmpty else { return "" }
        let lines = [view.columns] + view.rows.map { row in view.columns.map { CellText.of(row[$0]) } }
        return lines.map { $0.map(field).joined(separator: ",") }.joined(separator: "\n") + "\n"
    }

    static func field(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0.isNewline }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
