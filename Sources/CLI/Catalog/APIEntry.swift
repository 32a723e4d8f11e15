import APIClient

/// One API as `listApis` describes it: what the CLI needs to map, validate, complete and document it.
public struct APIEntry: Equatable, Sendable {
    /// One request parameter of an API.
    public struct Parameter: Equatable, Sendable {
        public var name: String
        public var type: String
        public var required: Bool
        public var description: String
        /// Longest accepted value, when the API states one.
        public var length: Int?
        /// APIs that deal in what the parameter refers to (`zoneid` → `listZones,createZone,…`).
        public var related: [String]

        public init(name: String, type: String = "string", required: Bool = false, description: String = "", length: Int? = nil, related: [String] = []) {
            self.name = name
            self.type = type
            self.required = required
            self.description = description
            self.length = length
            self.related = related
        }
    }

    public var name: String
    public var description: String
    public var isAsync: Bool
    public var params: [Parameter]

    public init(name: String, description: String = "", isAsync: Bool = false, params: [Parameter] = []) {
        self.name = name
        self.description = description
        self.isAsync = isAsync
        self.params = params
    }

    /// Reads one element of `listapisresponse.api`; nil when it has no name.
    public init?(json: JSONValue) {
        guard let name = json["name"]?.string, !name.isEmpty else { return nil }
        self.name = name
        description = json["description"]?.string ?? ""
        isAsync = json["isasync"] == .bool(true)
        params = (json["params"]?.array ?? []).compactMap { param in
            guard let name = param["name"]?.string else { return nil }
            return Parameter(
                name: name, type: param["type"]?.string ?? "string", required: param["required"] == .bool(true),
                description: param["description"]?.string ?? "", length: param["length"]?.int,
                related: (param["related"]?.string ?? "").split(separator: ",").map(String.init))
        }.sorted { $0.name < $1.name }
    }

    public var verb: String { VerbNoun.split(name).verb }
    public var noun: String { VerbNoun.split(name).noun }

    /// The parameter with this name, compared case-insensitively as the server does.
    public func parameter(_ name: String) -> Parameter? {
        let lowered = name.lowercased()
        return params.first { $0.name.lowercased() == lowered }
    }

    public var requiredParameters: [Parameter] { params.filter(\.required) }

    /// True for `list…` APIs, which `--all` pages through.
    public var isList: Bool { verb == "list" }
}
