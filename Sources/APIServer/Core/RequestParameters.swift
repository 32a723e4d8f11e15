import APIModel
import Foundation

/// The parameters of one API request: query string and form body merged, with
/// the original names kept for signature checking and lower-cased names for lookup.
public struct RequestParameters: Sendable {
    /// Every parameter as received, names unchanged, in arrival order (a later duplicate replaces an earlier one).
    public private(set) var original: [(String, String)] = []
    /// Lower-cased name → value.
    public private(set) var values: [String: String] = [:]

    public init(pairs: [(String, String)]) {
        var positions: [String: Int] = [:]
        for (name, value) in pairs {
            if let index = positions[name] {
                original[index].1 = value
            } else {
                positions[name] = original.count
                original.append((name, value))
            }
            values[name.lowercased()] = value
        }
    }

    /// Decodes `application/x-www-form-urlencoded` text (`+` is a space).
    /// Whether `name` is made of the characters CloudStack's parameter names use: letters, digits, `.`, `_`,
    /// `[` and `]` (as in `details[0].cpuOvercommitRatio`), at most 255 of them.
    public static func isValidName(_ name: String) -> Bool {
        !name.isEmpty && name.utf8.count <= 255 && name.utf8.allSatisfy { byte in
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "["), UInt8(ascii: "]"):
                true
            default:
                false
            }
        }
    }

    public static func decodeForm(_ text: Substring) -> [(String, String)] {
        guard !text.isEmpty else { return [] }
        return text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decodeComponent(pieces[0])
            let value = pieces.count > 1 ? decodeComponent(pieces[1]) : ""
            return (name, value)
        }
    }

    /// Decodes `+` as a space and `%XX` escapes; a malformed escape is kept as it is.
    static func decodeComponent(_ s: Substring) -> String {
        let utf8 = Array(s.utf8)
        guard utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: "+") }) else { return String(s) }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var i = 0
        while i < utf8.count {
            let b = utf8[i]
            if b == UInt8(ascii: "+") {
                out.append(UInt8(ascii: " "))
            } else if b == UInt8(ascii: "%"), i + 2 < utf8.count,
                      let hi = hexValue(utf8[i + 1]), let lo = hexValue(utf8[i + 2]) {
                out.append(hi << 4 | lo)
                i += 2
            } else {
                out.append(b)
            }
            i += 1
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func hexValue(_ b: UInt8) -> UInt8? {
        switch b {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): b - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): b - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): b - UInt8(ascii: "A") + 10
        default: nil
        }
    }

    public subscript(name: String) -> String? { values[name] }

    /// The entries of a map parameter `name[i].field=value`, grouped by index in index order.
    /// Throws 430 for malformed keys, as CloudStack does.
    public func map(_ name: String, command: String) throws -> [[String: String]] {
        var groups: [Int: [String: String]] = [:]
        let prefix = name + "["
        for (key, value) in original where key.lowercased().hasPrefix(prefix) {
            let rest = key.dropFirst(prefix.count)
            guard let close = rest.firstIndex(of: "]"), let index = Int(rest[..<close]) else {
                throw Self.malformedMapKey(key)
            }
            let after = rest[rest.index(after: close)...]
            guard after.hasPrefix("."), after.count > 1, !after.contains("["), !after.contains("]") else {
                throw Self.malformedMapKey(key)
            }
            groups[index, default: [:]][String(after.dropFirst())] = value
        }
        return groups.keys.sorted().map { groups[$0]! }
    }

    static func malformedMapKey(_ key: String) -> APIError {
        APIError(.malformedParameter, "Unable to decode parameter \(key); if specifying an object array, please use parameter[index].field=XXX, e.g. userGroupList[0].group=httpGroup")
    }

    /// True when any parameter has `name` as its map prefix.
    public func hasMap(_ name: String) -> Bool {
        original.contains { $0.0.lowercased().hasPrefix(name + "[") }
    }
}
