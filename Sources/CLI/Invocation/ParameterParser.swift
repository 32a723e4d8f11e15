import Foundation

/// Turns `key=value` words into parameters as cmk does: the value is everything after the
/// first `=`, surrounding quotes are removed and `@path` reads the value from a file.
public enum ParameterParser {
    public static func parse(
        _ words: [String], readFile: (String) -> String? = { FileManager.default.contents(atPath: $0).map { String(decoding: $0, as: UTF8.self) } }
    ) throws(UsageError) -> [APIInvocation.Parameter] {
        var parameters: [APIInvocation.Parameter] = []
        for word in words {
            guard let equals = word.firstIndex(of: "="), equals != word.startIndex else {
                if word.hasPrefix("-") { throw UsageError("unknown option \(word); see cumulo --help") }
                throw UsageError("expected name=value, got \(word)")
            }
            let name = String(word[..<equals])
            var value = unquoted(String(word[word.index(after: equals)...]))
            if value.count > 1, value.hasPrefix("@") {
                let path = String(value.dropFirst())
                guard let contents = readFile(path) else { throw UsageError("\(name)=@\(path): cannot read the file \(path)") }
                value = contents
            }
            parameters.append(.init(name, value))
        }
        return parameters
    }

    static func unquoted(_ value: String) -> String {
        for quote in ["\"", "'"] where value.count >= 2 && value.hasPrefix(quote) && value.hasSuffix(quote) {
            return String(value.dropFirst().dropLast())
        }
        return value
    }
}
