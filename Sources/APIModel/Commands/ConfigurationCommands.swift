extension Commands {
    /// `listConfigurations`: lists configuration settings.
    public static let listConfigurations = CommandDescriptor(
        "listConfigurations", "Lists configuration settings and their values, globally or for one zone, cluster, pool, account or domain.",
        access: .rootAdmin, response: .list(.configuration),
        params: [
            .string("name", "Only the setting with this name"),
            .string("category", "Only settings in this category"),
            .uuid("zoneid", "Show the values that apply to this zone", of: "zone"),
            .uuid("clusterid", "Show the values that apply to this cluster", of: "cluster"),
            .uuid("storageid", "Show the values that apply to this storage pool", of: "storagepool"),
            .uuid("accountid", "Show the values that apply to this account", of: "account"),
            .uuid("domainid", "Show the values that apply to this domain", of: "domain"),
            .uuid("imagestoreuuid", "Show the values that apply to this image store", of: "imagestore"),
            .string("group", "Only settings in this group"),
            .string("subgroup", "Only settings in this subgroup"),
            .string("parent", "Only settings under this parent setting"),
        ] + .paging)

    /// `updateConfiguration`: changes a configuration setting.
    public static let updateConfiguration = CommandDescriptor(
        "updateConfiguration", "Sets a configuration value, globally or for one zone, cluster, pool, account or domain.",
        access: .rootAdmin, response: .object(.configuration),
        params: [
            .string("name", "The setting to change", required: true),
            .string("value", "The new value; leave out to reset to the default", length: 4096),
            .uuid("zoneid", "Set the value for this zone only", of: "zone"),
            .uuid("clusterid", "Set the value for this cluster only", of: "cluster"),
            .uuid("storageid", "Set the value for this storage pool only", of: "storagepool"),
            .uuid("accountid", "Set the value for this account only", of: "account"),
            .uuid("domainid", "Set the value for this domain only", of: "domain"),
            .uuid("imagestoreuuid", "Set the value for this image store only", of: "imagestore"),
        ])

    /// `listCapabilities`: reports cloud-wide features.
    public static let listCapabilities = CommandDescriptor(
        "listCapabilities", "Reports the features and limits of this cloud that clients adapt to.",
        access: .user, response: .object(.capability))
}
