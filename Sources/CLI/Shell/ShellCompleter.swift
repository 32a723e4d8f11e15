/// Tab completion for the shell, as cmk offers it: verbs and built-ins first, then the
/// verb's nouns, then the API's parameter names (`name=`), and values — `true`/`false`
/// for booleans and, for `*id` parameters, the ids the matching list API returns.
public struct ShellCompleter: Sendable {
    /// What Tab should do: replace `word` (the text after the last blank or `=`) by one of
    /// `candidates`, then add a space unless a value is still to come.
    public struct Completion: Equatable, Sendable {
        public var word: String
        public var candidates: [String]
        public var appendsSpace: Bool
    }

    public let catalog: APICatalog
    /// Fetches the ids a list API returns (called only for `*id` values; may take a round trip).
    public let fetchIds: @Sendable (_ listAPI: APIEntry, _ parameters: [(String, String)]) -> [String]

    public init(catalog: APICatalog, fetchIds: @escaping @Sendable (APIEntry, [(String, String)]) -> [String]) {
        self.catalog = catalog
        self.fetchIds = fetchIds
    }

    static let shellWords = ["api", "help", "exit", "quit"]
    /// Options that take the next word as their value.
    static let optionsWithValues: Set<String> = ["-p", "--profile", "-o", "--output"]

    /// Completes the line up to the cursor.
    public func complete(_ line: String) -> Completion {
        var words = LineTokenizer.words(line)
        let atNewWord = line.last?.isWhitespace ?? true
        let current = atNewWord ? "" : words.popLast() ?? ""
        words = Self.withoutOptions(words)
        if words.isEmpty {
            return Completion(word: current, candidates: matching(catalog.verbs + Builtins.names + Self.shellWords, current), appendsSpace: true)
        }
        if words == ["api"] {
            return Completion(word: current, candidates: matching(catalog.entries.map(\.name), current), appendsSpace: true)
        }
        if words == ["set"] {
            return Completion(word: current, candidates: matching(["profile"] + ProfileKey.allCases.map(\.rawValue), current), appendsSpace: true)
        }
        if let (api, arguments) = try? CommandResolver.resolve(words, in: catalog) {
            return completeArgument(current, of: api, after: arguments)
        }
        if words.count == 1 {
            let nouns = catalog.apis(verb: words[0].lowercased()).map(\.noun).filter { !$0.isEmpty }
            return Completion(word: current, candidates: matching(nouns, current), appendsSpace: true)
        }
        return Completion(word: current, candidates: [], appendsSpace: true)
    }

    func completeArgument(_ current: String, of api: APIEntry, after arguments: [String]) -> Completion {
        if let equals = current.firstIndex(of: "=") {
            let value = String(current[current.index(after: equals)...])
            guard let parameter = api.parameter(String(current[..<equals])) else { return Completion(word: value, candidates: [], appendsSpace: true) }
            return Completion(word: value, candidates: matching(values(for: parameter, of: api), value), appendsSpace: true)
        }
        let given = Set(arguments.compactMap { $0.split(separator: "=", maxSplits: 1).first.map { $0.lowercased() } })
        let names = (api.params.map(\.name) + ["filter"]).filter { !given.contains($0.lowercased()) }
        return Completion(word: current, candidates: matching(names, current).map { $0 + "=" }, appendsSpace: false)
    }

    func values(for parameter: APIEntry.Parameter, of api: APIEntry) -> [String] {
        if parameter.type.lowercased() == "boolean" { return ["true", "false"] }
        guard let list = IdSource.listAPI(for: parameter, of: api, in: catalog) else { return [] }
        return fetchIds(list, IdSource.parameters(for: list))
    }

    func matching(_ options: [String], _ prefix: String) -> [String] {
        let lowered = prefix.lowercased()
        return Array(Set(options.filter { $0.lowercased().hasPrefix(lowered) })).sorted()
    }

    static func withoutOptions(_ words: [String]) -> [String] {
        var kept: [String] = []
        var skipNext = false
        for word in words {
            if skipNext { skipNext = false; continue }
            if optionsWithValues.contains(word) { skipNext = true; continue }
            if word.hasPrefix("-") && !word.contains("=") { continue }
            kept.append(word)
        }
        return kept
    }
}
