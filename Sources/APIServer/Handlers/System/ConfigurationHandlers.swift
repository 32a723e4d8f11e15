import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listConfigurations and updateConfiguration. Every Cumulo setting is global.
struct ConfigurationHandlers: Sendable {
    let settings: Settings
    let events: EventRecorder

    /// The parameters that ask for the value of one zone, cluster, pool, account, domain or image store.
    static let scopes = [
        ("zoneid", "zone"), ("clusterid", "cluster"), ("storageid", "storage pool"), ("accountid", "account"),
        ("domainid", "domain"), ("imagestoreuuid", "image store"),
    ]

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<ConfigurationSetting>] = ctx.keywordFilter(.name, .description, .category, .value, .component)
        if let name = ctx.string("name"), !name.isEmpty { filters.append(.contains(name, in: .name)) }
        if let category = ctx.string("category"), !category.isEmpty {
            let known = SettingsCatalog.all.first { $0.category.caseInsensitiveCompare(category) == .orderedSame }?.category
            filters.append(.equals(.category, known ?? category))
        }
        // No setting has a value of its own for one scope object, and none is filed in a UI group.
        let narrowing = Self.scopes.map(\.0) + ["group", "subgroup", "parent"]
        if narrowing.contains(where: { ctx.string($0)?.isEmpty == false }) { filters.append(.isIn(.name, [])) }
        let (settings, total) = try await ctx.reads.page(Tables.configuration, filters, page: try ctx.page, orderBy: .name)
        return .list(objectName: "configuration", items: settings.map(\.apiObject), count: total)
    }

    /// Sets a value (the default when `value` is left out); `Settings.update` refuses unknown names and values of the wrong type.
    func update(_ ctx: CommandContext) async throws -> APIResponse {
        let name = try ctx.required("name")
        let current = try await ctx.reads.find(Tables.configuration, id: name)
        if let current, let scope = Self.scopes.first(where: { ctx.string($0.0)?.isEmpty == false }) {
            throw APIError.invalidParameter("The setting \(name) has scope \(current.scope) and can not be set for one \(scope.1)")
        }
        let value = ctx.string("value") ?? current?.defaultValue ?? ""
        let setting = try await settings.update(name, value: value, by: ctx.initiator, events: events)
        return .object(objectName: "configuration", setting.apiObject)
    }
}

extension ConfigurationHandlers {
    var table: [String: CommandHandler] {
        [
            "listConfigurations": list,
            "updateConfiguration": update,
        ]
    }
}

extension ConfigurationSetting {
    var apiObject: APIObject {
        var o = APIObject()
        o.set("category", category)
        o.set("name", name)
        o.set("value", value)
        o.set("defaultvalue", defaultValue)
        o.set("scope", scope)
        o.set("description", description)
        o.set("isdynamic", isDynamic)
        o.set("component", component)
        o.set("type", apiType)
        return o
    }

    /// The value type as CloudStack names it (`ConfigurationManagerImpl.getInputType`).
    var apiType: String {
        switch valueType {
        case "Integer": "Number"
        case "Float": "Decimal"
        default: valueType
        }
    }
}
