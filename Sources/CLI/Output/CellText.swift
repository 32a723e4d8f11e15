import Foundation
import APIClient

/// How one field value appears in a table, csv, text or column cell: scalars as they are,
/// nested objects and arrays as compact JSON, line breaks as spaces, missing as empty.
enum CellText {
    static func of(_ value: JSONValue?) -> String {
        switch value {
        case nil, .null?: ""
        case .string(let s)?: s
        case .bool(let b)?: b ? "true" : "false"
        case .int(let i)?: String(i)
        case .double(let d)?: String(d)
        case let nested?: JSONText.compact(nested)
        }
    }

    /// The value on one line, for formats that are read line by line.
    static func oneLine(_ value: JSONValue?) -> String {
        of(value).replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ")
    }
}
