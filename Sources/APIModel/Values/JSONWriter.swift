/// Writes `APIValue` trees as compact JSON, escaping the way CloudStack's
/// serializer ends up escaping (quotes, backslashes and control characters only).
public enum JSONWriter {
    public static func write(_ value: APIValue, into out: inout String) {
        switch value {
        case .string(let s): writeString(s, into: &out)
        case .int(let i): out += String(i)
        case .double(let d):
            if d.isFinite { out += d == d.rounded() && abs(d) < 1e15 ? String(Int64(d)) + ".0" : String(d) } else { out += "null" }
        case .bool(let b): out += b ? "true" : "false"
        case .object(let o): write(o, into: &out)
        case .array(let items):
            out += "["
            for (i, item) in items.enumerated() {
                if i > 0 { out += "," }
                write(item, into: &out)
            }
            out += "]"
        case .map(let m):
            out += "{"
            for (i, key) in m.keys.sorted().enumerated() {
                if i > 0 { out += "," }
                writeString(key, into: &out)
                out += ":"
                writeString(m[key]!, into: &out)
            }
            out += "}"
        }
    }

    public static func write(_ object: APIObject, into out: inout String) {
        out += "{"
        for (i, field) in object.fields.enumerated() {
            if i > 0 { out += "," }
            writeString(field.name, into: &out)
            out += ":"
            write(field.value, into: &out)
        }
        out += "}"
    }

    public static func string(_ object: APIObject) -> String {
        var out = ""
        write(object, into: &out)
        return out
    }

    /// Appends `s` as a quoted, escaped JSON string.
    public static func writeString(_ s: String, into out: inout String) {
        out += "\""
        if !s.utf8.contains(where: needsEscape) {
            out += s
            out += "\""
            return
        }
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x2028 || scalar.value == 0x2029 {
                    let hex = String(scalar.value, radix: 16)
                    out += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        out += "\""
    }

    /// Bytes that may start something the slow path has to escape: quotes, backslashes,
    /// control characters and the lead byte of U+2028/U+2029.
    static func needsEscape(_ byte: UInt8) -> Bool {
        byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") || byte == 0xE2
    }
}
