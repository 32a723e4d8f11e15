/// Writes `APIValue` trees as CloudStack's compact XML: one element per field,
/// arrays as repeated elements, empty arrays omitted.
public enum XMLWriter {
    public static func writeFields(_ object: APIObject, into out: inout String) {
        for field in object.fields {
            writeElement(field.name, field.value, into: &out)
        }
    }

    static func writeElement(_ name: String, _ value: APIValue, into out: inout String) {
        switch value {
        case .array(let items):
            for item in items { writeElement(name, item, into: &out) }
        case .object(let o):
            out += "<\(name)>"
            writeFields(o, into: &out)
            out += "</\(name)>"
        case .map(let m):
            let text = "{" + m.keys.sorted().map { "\($0)=\(m[$0]!)" }.joined(separator: ", ") + "}"
            out += "<\(name)>\(escape(text))</\(name)>"
        case .string(let s): out += "<\(name)>\(escape(s))</\(name)>"
        case .int(let i): out += "<\(name)>\(i)</\(name)>"
        case .double(let d): out += "<\(name)>\(d)</\(name)>"
        case .bool(let b): out += "<\(name)>\(b)</\(name)>"
        }
    }

    public static func escape(_ s: String) -> String {
        var out = ""
        out.reserveCapacity(s.utf8.count)
        for ch in s.unicodeScalars {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // Characters XML 1.0 cannot carry at all are dropped rather than producing an unparsable document.
                if ch.value < 0x20 && ch != "\n" && ch != "\r" && ch != "\t" { continue }
                out.unicodeScalars.append(ch)
            }
        }
        return out
    }
}
