/// Which list API holds the ids an `*id` parameter takes, as cmk finds it: a `list…` API the
/// parameter names as related, else `list<name>s` from the parameter's name (`zoneid` →
/// `listZones`), and for `id` the API's own noun (`delete zone id=` → `listZones`).
enum IdSource {
    static func listAPI(for parameter: APIEntry.Parameter, of api: APIEntry, in catalog: APICatalog) -> APIEntry? {
        let name = parameter.name.lowercased()
        guard name.hasSuffix("id") || name.hasSuffix("ids") || parameter.type.lowercased() == "uuid" else { return nil }
        if let related = parameter.related.first(where: { $0.hasPrefix("list") }), let list = catalog.api(named: related) {
            return list
        }
        var base = name.hasSuffix("ids") ? String(name.dropLast(3)) : name.hasSuffix("id") ? String(name.dropLast(2)) : name
        if base.isEmpty { base = api.noun }
        for noun in [base + "s", base, base + "es", String(base.dropLast()) + "ies"] {
            if let list = catalog.api(named: "list" + noun) { return list }
        }
        return nil
    }

    /// What cmk adds when it lists for completion: everything visible, executable templates.
    static func parameters(for list: APIEntry) -> [(String, String)] {
        var parameters: [(String, String)] = []
        if list.parameter("listall") != nil { parameters.append(("listall", "true")) }
        if list.parameter("templatefilter") != nil { parameters.append(("templatefilter", "executable")) }
        return parameters
    }
}
