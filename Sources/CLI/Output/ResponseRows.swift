import APIClient

/// The rows a response holds for the tabular formats, and the response with `filter=`
/// applied for JSON: a list's items, a single object (`{"zone": {…}}`, a job result),
/// or the response itself (`{"success": true}`).
public struct ResponseRows: Equatable, Sendable {
    public var rows: [[String: JSONValue]]
    /// The filter's fields in its order, else every field of every row, sorted.
    public var columns: [String]

    public init(_ response: [String: JSONValue], filter: [String] = []) {
        let rows = Self.rows(of: response).map { Self.keeping(filter, of: $0) }
        self.rows = rows
        self.columns = filter.isEmpty ? Array(Set(rows.flatMap(\.keys))).sorted() : filter
    }

    /// The response with each row cut down to the filter's fields (unchanged without a filter).
    public static func filtered(_ response: [String: JSONValue], by filter: [String]) -> [String: JSONValue] {
        guard !filter.isEmpty else { return response }
        if let (key, items) = listItems(of: response) {
            var copy = response
            copy[key] = .array(items.map { .object(keeping(filter, of: $0)) })
            return copy
        }
        if let (key, object) = singleObject(of: response) {
            return [key: .object(keeping(filter, of: object))]
        }
        return keeping(filter, of: response)
    }

    static func rows(of response: [String: JSONValue]) -> [[String: JSONValue]] {
        if let (_, items) = listItems(of: response) { return items }
        if let (_, object) = singleObject(of: response) { return [object] }
        return response.isEmpty ? [] : [response]
    }

    /// The array of objects in a list response (`count` aside).
    static func listItems(of response: [String: JSONValue]) -> (String, [[String: JSONValue]])? {
        for key in response.keys.sorted() where key != "count" {
            guard let items = response[key]?.array else { continue }
            let objects = items.compactMap(\.object)
            if objects.count == items.count { return (key, objects) }
        }
        return nil
    }

    /// The object of a response that holds exactly one object and nothing else.
    static func singleObject(of response: [String: JSONValue]) -> (String, [String: JSONValue])? {
        guard response.count == 1, let (key, value) = response.first, let object = value.object else { return nil }
        return (key, object)
    }

    static func keeping(_ filter: [String], of row: [String: JSONValue]) -> [String: JSONValue] {
        guard !filter.isEmpty else { return row }
        let wanted = Set(filter)
        return row.filter { wanted.contains($0.key) }
    }
}
