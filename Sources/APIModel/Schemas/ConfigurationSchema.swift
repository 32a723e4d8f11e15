extension ResponseSchema {
    /// A configuration setting and its value at the scope asked about.
    public static let configuration = ResponseSchema("configuration", [
        .init("category", "string", "the setting's category (Advanced, Alert, …)"),
        .init("group", "string", "the group the setting is shown in"),
        .init("subgroup", "string", "the subgroup the setting is shown in"),
        .init("name", "string", "the setting's name"),
        .init("value", "string", "the setting's value"),
        .init("defaultvalue", "string", "the value used when none is set"),
        .init("scope", "string", "where the value applies (zone, cluster, storagepool, account, domain, …)"),
        .init("id", "long", "the id of the scope object the value belongs to"),
        .init("description", "string", "what the setting controls"),
        .init("isdynamic", "boolean", "whether a change takes effect without a restart"),
        .init("component", "string", "the component that reads the setting"),
        .init("parent", "string", "the setting this one depends on"),
        .init("displaytext", "string", "a short label for the setting"),
        .init("type", "string", "the kind of value (String, Boolean, Number, …)"),
        .init("options", "string", "the allowed values, comma-separated, when fixed"),
    ])
}
