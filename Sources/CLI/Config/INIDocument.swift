import Foundation

/// An INI file as ordered sections of `key = value` entries. Keys before the first
/// `[section]` header belong to the unnamed section `""` (how cmk writes its core settings).
public struct INIDocument: Equatable, Sendable {
    /// One `key = value` line.
    public struct Entry: Equatable, Sendable {
        public var key: String
        public var value: String
    }

    /// One `[name]` section with its entries in file order.
    public struct Section: Equatable, Sendable {
        public var name: String
        public var entries: [Entry]

        public func value(_ key: String) -> String? {
            entries.last { $0.key == key }?.value
        }
    }

    public private(set) var sections: [Section] = []

    public init() {}

    /// Reads INI text: `#` and `;` start comment lines (not comments after a value, so secrets may hold
    /// them), values may be wrapped in `"` or `` ` ``.
    public init(parsing text: String) {
        var current = Section(name: "", entries: [])
        for rawLine in text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline) {
            let line = rawLine.trimmingCharacters(in: .whitespaces)
            if line.isEmpty || line.hasPrefix("#") || line.hasPrefix(";") { continue }
            if line.hasPrefix("["), line.hasSuffix("]") {
                append(current)
                current = Section(name: String(line.dropFirst().dropLast()).trimmingCharacters(in: .whitespaces), entries: [])
                continue
            }
            guard let equals = line.firstIndex(of: "=") else { continue }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let value = Self.unquoted(line[line.index(after: equals)...].trimmingCharacters(in: .whitespaces))
            if !key.isEmpty { current.entries.append(Entry(key: key, value: value)) }
        }
        append(current)
    }

    public func section(_ name: String) -> Section? {
        sections.first { $0.name == name }
    }

    public func value(_ key: String, in section: String) -> String? {
        self.section(section)?.value(key)
    }

    /// Sets a value, adding the section and the key when they are missing.
    public mutating func set(_ key: String, _ value: String, in section: String) {
        let index = sections.firstIndex { $0.name == section } ?? {
            sections.append(Section(name: section, entries: []))
            return sections.count - 1
        }()
        if let entry = sections[index].entries.firstIndex(where: { $0.key == key }) {
            sections[index].entries[entry].value = value
        } else {
            sections[index].entries.append(Entry(key: key, value: value))
        }
    }

    /// The text of the file: the unnamed section first, a blank line between sections.
    public func rendered() -> String {
        var blocks: [String] = []
        for section in sections {
            var lines = section.name.isEmpty ? [] : ["[\(section.name)]"]
            lines += section.entries.map { "\($0.key) = \(Self.quotedIfNeeded($0.value))" }
            if !lines.isEmpty { blocks.append(lines.joined(separator: "\n") + "\n") }
        }
        return blocks.joined(separator: "\n")
    }

    private mutating func append(_ section: Section) {
        if section.name.isEmpty && section.entries.isEmpty { return }
        if let index = sections.firstIndex(where: { $0.name == section.name }) {
            sections[index].entries += section.entries
        } else {
            sections.append(section)
        }
    }

    /// Values that reading would change — blanks at either end, or wrapped in quotes — are written in `"…"`.
    private static func quotedIfNeeded(_ value: String) -> String {
        let padded = value.first?.isWhitespace == true || value.last?.isWhitespace == true
        return padded || unquoted(value) != value ? "\"" + value + "\"" : value
    }

    private static func unquoted(_ value: String) -> String {
        for quote in ["\"", "`"] where value.count >= 2 && value.hasPrefix(quote) && value.hasSuffix(quote) {
            return String(value.dropFirst().dropLast())
        }
        return value
    }
}
