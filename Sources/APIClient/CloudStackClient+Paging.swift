/// Reading every page of a list command.
extension CloudStackClient {
    /// Fetches every page of a list command and answers like one page holding everything:
    /// `{"count": N, "<object>": [...]}`, or `[:]` when nothing matched.
    public func listAll(_ command: String, _ params: [(String, String)] = [], pageSize: Int = 500) async throws -> [String: JSONValue] {
        var items: [JSONValue] = []
        var key: String?
        var page = 1
        let unpaged = params.filter { !["page", "pagesize"].contains($0.0.lowercased()) }
        while true {
            let body = try await call(command, unpaged + [("page", String(page)), ("pagesize", String(pageSize))])
            key = key ?? body.first { $0.key != "count" && $0.value.array != nil }?.key
            let batch = key.flatMap { body[$0]?.array } ?? []
            items += batch
            if batch.isEmpty || items.count >= body["count"]?.int ?? 0 { break }
            page += 1
        }
        guard let key, !items.isEmpty else { return [:] }
        return ["count": .int(Int64(items.count)), key: .array(items)]
    }
}
