import APIClient
import APIModel
import Foundation

/// The APIs a profile's server offers, from the `sync` cache or, before the first
/// `sync`, from Cumulo's own command descriptors (like cmk's built-in precache).
public struct APICatalog: Sendable {
    /// Where the catalog came from, for help texts.
    public enum Source: Equatable, Sendable {
        case synced
        case builtIn
    }

    public let source: Source
    private let byName: [String: APIEntry]

    public init(_ entries: [APIEntry], source: Source) {
        self.source = source
        var byName: [String: APIEntry] = [:]
        for entry in entries { byName[entry.name.lowercased()] = entry }
        self.byName = byName
    }

    /// Reads a `listApis` answer (the whole envelope, or the object inside it).
    public init?(listApisBody data: Data, source: Source = .synced) {
        guard let json = JSONValue.parse(data) else { return nil }
        let inner = json["listapisresponse"] ?? json
        guard let apis = inner["api"]?.array else { return nil }
        self.init(apis.compactMap(APIEntry.init(json:)), source: source)
    }

    /// Cumulo's own commands, as its `listApis` describes them to an administrator.
    public static let builtIn: APICatalog = {
        let apis = APIDiscovery.describe(Commands.all, for: .rootAdmin)
        var body = APIObject()
        body.set("count", apis.count)
        body.set("api", objects: apis)
        return APICatalog(listApisBody: Data(JSONWriter.string(body).utf8), source: .builtIn) ?? APICatalog([], source: .builtIn)
    }()

    public var count: Int { byName.count }
    public var entries: [APIEntry] { byName.values.sorted { $0.name < $1.name } }

    /// The API with this exact name, compared case-insensitively.
    public func api(named name: String) -> APIEntry? {
        byName[name.lowercased()]
    }

    /// Every verb, sorted.
    public var verbs: [String] {
        Set(byName.values.map(\.verb)).sorted()
    }

    /// The APIs of one verb, sorted by noun.
    public func apis(verb: String) -> [APIEntry] {
        byName.values.filter { $0.verb == verb.lowercased() }.sorted { $0.noun < $1.noun }
    }
}
