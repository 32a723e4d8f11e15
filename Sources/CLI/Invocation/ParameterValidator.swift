import Foundation

/// Checks parameters against the API's description before anything is sent: every
/// required parameter present and not blank, no unknown names, values of the right type
/// and length. `filter` is always allowed; `tags[0].key=…` counts as the map parameter `tags`.
public enum ParameterValidator {
    public static func check(_ parameters: [APIInvocation.Parameter], for api: APIEntry) throws(UsageError) {
        var unknown: [String] = []
        for parameter in parameters where parameter.name.lowercased() != "filter" {
            guard let described = api.parameter(baseName(parameter.name)) else {
                unknown.append(parameter.name)
                continue
            }
            if !parameter.name.contains("[") { try checkValue(parameter.value, of: described, api: api.name) }
        }
        if !unknown.isEmpty {
            var message = "unknown parameter\(unknown.count > 1 ? "s" : "") for \(api.name): \(unknown.joined(separator: ", "))"
            if unknown.contains(where: { $0.lowercased() == "output" }) {
                message += " (choose the output format with -o/--output)"
            }
            message += "; see cumulo \(api.verb) \(api.noun) --help"
            throw UsageError(message)
        }
        let given = Set(parameters.filter { !$0.value.trimmingCharacters(in: .whitespaces).isEmpty }.map { baseName($0.name).lowercased() })
        let missing = api.requiredParameters.map(\.name).filter { !given.contains($0.lowercased()) }
        if !missing.isEmpty {
            throw UsageError("missing required parameter\(missing.count > 1 ? "s" : "") for \(api.name): \(missing.joined(separator: ", "))")
        }
    }

    /// The parameter a map entry belongs to: `tags[0].key` → `tags`.
    static func baseName(_ name: String) -> String {
        name.firstIndex(of: "[").map { String(name[..<$0]) } ?? name
    }

    static func checkValue(_ value: String, of parameter: APIEntry.Parameter, api: String) throws(UsageError) {
        guard !value.isEmpty else { return }
        let ok: Bool
        let expected: String
        switch parameter.type.lowercased() {
        case "boolean":
            ok = ["true", "false"].contains(value.lowercased())
            expected = "true or false"
        case "integer", "long", "short":
            ok = Int64(value.trimmingCharacters(in: .whitespaces)) != nil
            expected = "a whole number"
        case "float", "double":
            ok = Double(value) != nil
            expected = "a number"
        case "string":
            ok = parameter.length.map { value.count <= $0 } ?? true
            expected = "at most \(parameter.length ?? 0) characters"
        default:
            return
        }
        guard ok else { throw UsageError("\(parameter.name) of \(api) takes \(expected), not \(abbreviated(value))") }
    }

    static func abbreviated(_ value: String) -> String {
        value.count > 40 ? "\"\(value.prefix(37))…\" (\(value.count) characters)" : "\"\(value)\""
    }
}
