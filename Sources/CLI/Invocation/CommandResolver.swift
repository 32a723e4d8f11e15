/// Finds the API a command line names, exactly as cmk does: `api <name> …`, then the
/// first word as a whole API name (`listZones …`, `login …`), then the first two words
/// joined (`list zones` → `listzones` → `listZones`), all compared case-insensitively.
public enum CommandResolver {
    public static func resolve(_ words: [String], in catalog: APICatalog) throws(UsageError) -> (api: APIEntry, arguments: [String]) {
        guard let first = words.first else { throw UsageError("no command given; see cumulo --help") }
        if first == "api" {
            guard words.count > 1 else { throw UsageError("api needs an API name, e.g. cumulo api listZones") }
            guard let api = catalog.api(named: words[1]) else {
                throw UsageError("unknown API \(words[1])\(syncHint(catalog))")
            }
            return (api, Array(words.dropFirst(2)))
        }
        if let api = catalog.api(named: first) {
            return (api, Array(words.dropFirst()))
        }
        if words.count > 1, !words[1].contains("="), let api = catalog.api(named: first + words[1]) {
            return (api, Array(words.dropFirst(2)))
        }
        let verb = first.lowercased()
        let nouns = catalog.apis(verb: verb).map(\.noun)
        if !nouns.isEmpty {
            let given = words.count > 1 && !words[1].contains("=") ? "\(verb) has no noun \(words[1])" : "\(verb) needs a noun"
            throw UsageError("\(given); nouns: \(nouns.joined(separator: ", "))\(syncHint(catalog))")
        }
        throw UsageError("unknown command \(first); see cumulo --help\(syncHint(catalog))")
    }

    static func syncHint(_ catalog: APICatalog) -> String {
        catalog.source == .builtIn ? " (using the built-in API list; run cumulo sync to read the server's)" : ""
    }
}
