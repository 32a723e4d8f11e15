import APIClient
import APIModel

/// Writes `JSONValue`s as text with keys sorted: indented for the json output format,
/// compact for nested values inside table, csv, text and column cells.
public enum JSONText {
    public static func pretty(_ value: JSONValue, indent: String = "  ") -> String {
        var out = ""
        write(value, into: &out, indent: indent, depth: 0)
        return out
    }

    public static func compact(_ value: JSONValue) -> String {
        var out = ""
        write(value, into: &out, indent: nil, depth: 0)
        return out
    }

    static func write(_ value: JSONValue, into out: inout String, indent: String?, depth: Int) {
        let newline = indent.map { "\n" + String(repeating: $0, count: depth + 1) } ?? ""
        let closing = indent.map { "\n" + String(repeating: $0, count: depth) } ?? ""
        switch value {
        case .null: out += "null"
        case .bool(let b): out += b ? "true" : "false"
        case .int(let i): out += String(i)
        case .double(let d): out += d.isFinite ? String(d) : "null"
        case .string(let s): out += quoted(s)
        case .array(let items):
            guard !items.isEmpty else { out += "[]"; return }
            out += "["
            for (index, item) in items.enumerated() {
                out += (index > 0 ? "," : "") + newline
                write(item, into: &out, indent: indent, depth: depth + 1)
            }
            out += closing + "]"
        case .object(let fields):
            guard !fields.isEmpty else { out += "{}"; return }
            out += "{"
            for (index, key) in fields.keys.sorted().enumerated() {
                out += (index > 0 ? "," : "") + newline + quoted(key) + (indent == nil ? ":" : ": ")
                write(fields[key]!, into: &out, indent: indent, depth: depth + 1)
            }
            out += closing + "}"
        }
    }

    static func quoted(_ s: String) -> String {
        var out = ""
        JSONWriter.writeString(s, into: &out)
        return out
    }
}
