/// A global setting, as `listConfigurations` shows it.
public struct ConfigurationSetting: Codable, Sendable, Equatable {
    public var name: String
    public var value: String?
    public var defaultValue: String?
    public var category: String
    public var description: String
    public var component: String = "management-server"
    public var scope: String = "global"
    public var isDynamic: Bool = true
    public var valueType: String = "String"

    public init(
        name: String,
        value: String? = nil,
        defaultValue: String? = nil,
        category: String,
        description: String,
        component: String = "management-server",
        scope: String = "global",
        isDynamic: Bool = true,
        valueType: String = "String"
    ) {
        self.name = name
        self.value = value
        self.defaultValue = defaultValue
        self.category = category
        self.description = description
        self.component = component
        self.scope = scope
        self.isDynamic = isDynamic
        self.valueType = valueType
    }
}
