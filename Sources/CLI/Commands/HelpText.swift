/// The help screens: `cumulo --help` (options, built-ins and verbs), `cumulo <verb> --help`
/// (the verb's nouns) and `cumulo <verb> <noun> --help` (the API's own parameter docs),
/// all from the profile's API list.
struct HelpText {
    let catalog: APICatalog

    func text(for words: [String]) throws(UsageError) -> String {
        guard let first = words.first else { return root() }
        if let builtin = Builtins.named(first) { return builtin.helpMessage() + "\n" }
        if let (api, _) = try? CommandResolver.resolve(words, in: catalog) { return self.api(api) }
        if !catalog.apis(verb: first.lowercased()).isEmpty { return verb(first.lowercased()) }
        _ = try CommandResolver.resolve(words, in: catalog)
        return root()
    }

    func root() -> String {
        var out = CumuloCommand.helpMessage() + "\n\nBUILT-IN COMMANDS:\n"
        out += aligned(Builtins.all.map { ($0.configuration.commandName ?? "", $0.configuration.abstract) }
            + [("api", "Call an API by its name: cumulo api listZones id=…"), ("help", "The same as --help: cumulo help list zones")])
        out += "\n" + CumuloCommand.discussion + "\n"
        out += "\nVERBS (\(sourceNote)):\n"
        out += wrapped(catalog.verbs.joined(separator: " "), indent: "  ")
        out += "\nRun cumulo <verb> --help for its nouns and cumulo <verb> <noun> --help for an API's parameters.\n"
        return out
    }

    func verb(_ verb: String) -> String {
        var out = "USAGE: cumulo \(verb) <noun> [<name>=<value> ...]\n\nNOUNS (\(sourceNote)):\n"
        out += aligned(catalog.apis(verb: verb).map { ($0.noun.isEmpty ? "(none)" : $0.noun, "\($0.name): \(firstSentence($0.description))") })
        return out
    }

    func api(_ api: APIEntry) -> String {
        let words = api.noun.isEmpty ? api.verb : "\(api.verb) \(api.noun)"
        var out = "\(api.name): \(api.description)\n\nUSAGE: cumulo \(words) [<name>=<value> ...]\n"
        out += api.isAsync
            ? "\nAsynchronous: waits for the job and prints its result; --async prints the job id at once.\n"
            : ""
        let required = api.requiredParameters
        let optional = api.params.filter { !$0.required }
        if !required.isEmpty {
            out += "\nREQUIRED PARAMETERS:\n" + aligned(required.map { ("\($0.name)=<\($0.type)>", $0.description) })
        }
        out += "\nPARAMETERS:\n" + aligned(optional.map { ("\($0.name)=<\($0.type)>", $0.description) }
            + [("filter=<field,...>", "Print only these fields (also sent to the server, as cmk does)")])
        if api.isList { out += "\n--all fetches every page.\n" }
        return out
    }

    private var sourceNote: String {
        catalog.source == .synced ? "from the server, cached by cumulo sync" : "built in; run cumulo sync for the server's own list"
    }

    private func firstSentence(_ text: String) -> String {
        guard let end = text.firstIndex(of: "\n") else { return text }
        return String(text[..<end])
    }

    private func aligned(_ rows: [(String, String)]) -> String {
        let width = min(rows.map(\.0.count).max() ?? 0, 34)
        return rows.map { name, text in
            name.count > width ? "  \(name)\n  \(String(repeating: " ", count: width))  \(text)\n" : "  \(name.padding(to: width))  \(text)\n"
        }.joined()
    }

    private func wrapped(_ text: String, indent: String, width: Int = 96) -> String {
        var lines: [String] = []
        var line = indent
        for word in text.split(separator: " ") {
            if line.count + word.count + 1 > width && line != indent {
                lines.append(line)
                line = indent
            }
            line += (line == indent ? "" : " ") + word
        }
        lines.append(line)
        return lines.joined(separator: "\n") + "\n"
    }
}
