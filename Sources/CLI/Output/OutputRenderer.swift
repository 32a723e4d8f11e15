import APIClient

/// Renders a response in the chosen output format, `filter=` applied.
public enum OutputRenderer {
    public static func render(_ response: [String: JSONValue], as format: OutputFormat, filter: [String] = []) -> String {
        switch format {
        case .json, .default:
            return JSONText.pretty(.object(ResponseRows.filtered(response, by: filter))) + "\n"
        case .table: return TableRenderer.render(ResponseRows(response, filter: filter))
        case .csv: return CSVRenderer.render(ResponseRows(response, filter: filter))
        case .text: return TextRenderer.render(ResponseRows(response, filter: filter))
        case .column: return ColumnRenderer.render(ResponseRows(response, filter: filter))
        }
    }
}
