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
    public static func decodeForm(_ text: Substring) -> [(String, String)] {
        guard !text.isEmpty else { return [] }
        return text.split(separator: "&", omittingEmptySubsequences: true).map { part in
            let pieces = part.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = decodeComponent(pieces[0])
            let value = pieces.count > 1 ? decodeComponent(pieces[1]) : ""
            return (name, value)
        }
    }

    static func decodeComponent(_ s: Substring) -> String {
        let spaced = s.replacingOccurrences(of: "+", with: " ")
        return spaced.removingPercentEncoding ?? spaced
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
