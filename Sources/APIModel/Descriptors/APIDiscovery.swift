/// Builds the `listApis` answer from command descriptors, in the shape
/// cloudmonkey's `sync` reads (name, description, isasync, params, response).
public enum APIDiscovery {
    /// The commands as a caller of `role` sees them: parameters reserved for higher roles are left out.
    public static func describe(_ commands: [CommandDescriptor], for role: CommandAccess) -> [APIObject] {
        var byObject: [String: [String]] = [:]
        for command in commands {
            if case .success = command.response { continue }
            byObject[command.response.schema.objectName, default: []].append(command.name)
        }
        return commands.map { describe($0, byObject: byObject, role: role) }
    }

    static func describe(_ command: CommandDescriptor, byObject: [String: [String]], role: CommandAccess) -> APIObject {
        var api = APIObject()
        api.set("name", command.name)
        api.set("description", command.description)
        api.set("since", command.since)
        api.set("isasync", command.isAsync)
        if case .success = command.response {} else {
            let related = byObject[command.response.schema.objectName, default: []].filter { $0 != command.name }
            api.set("related", related.joined(separator: ","))
        }
        let params = command.params.filter { $0.access <= role }.map { param -> APIObject in
            var p = APIObject()
            p.set("name", param.name)
            p.set("description", param.description)
            p.set("type", param.type.rawValue)
            p.set("length", param.length)
            p.set("required", param.required)
            p.set("since", param.since)
            if let entity = param.entity, let related = byObject[entity], !related.isEmpty {
                p.set("related", related.joined(separator: ","))
            }
            return p
        }
        api.set("params", objects: params)
        api.set("response", objects: command.response.schema.fields.map(describe))
        return api
    }

    static func describe(_ field: ResponseFieldDescriptor) -> APIObject {
        var f = APIObject()
        f.set("name", field.name)
        f.set("description", field.description)
        f.set("type", field.type)
        if let nested = field.nested { f.set("response", objects: nested.map(describe)) }
        return f
    }
}
