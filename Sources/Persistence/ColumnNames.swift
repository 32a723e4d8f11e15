import Synchronization

/// Maps entity property names to column names (`internalDns1` → `internal_dns1`),
/// remembering each answer: rows are decoded on every list request, and
/// converting the same keys again and again showed up in profiles.
enum ColumnNames {
    private static let cache = Mutex<[String: String]>([:])

    static func column(for property: String) -> String {
        if let known = cache.withLock({ $0[property] }) { return known }
        let column = snakeCase(property)
        cache.withLock { $0[property] = column }
        return column
    }

    /// Splits words where a lower-case letter or digit is followed by an upper-case letter, then lower-cases.
    static func snakeCase(_ name: String) -> String {
        var out = ""
        var previousIsLowerOrDigit = false
        for ch in name {
            if ch.isUppercase && previousIsLowerOrDigit { out.append("_") }
            out += ch.lowercased()
            previousIsLowerOrDigit = ch.isLowercase || ch.isNumber
        }
        return out
    }

    struct Key: CodingKey {
        let stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// The key strategy both directions use: property name in, column name out.
    static let strategy: @Sendable ([any CodingKey]) -> any CodingKey = { path in
        Key(stringValue: column(for: path.last?.stringValue ?? ""))
    }
}
