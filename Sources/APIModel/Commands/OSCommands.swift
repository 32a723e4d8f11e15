extension Commands {
    /// `listOsTypes`: lists guest OS types.
    public static let listOsTypes = CommandDescriptor(
        "listOsTypes", "Lists the guest OS types templates and ISOs can be marked with.", access: .user, response: .list(.ostype),
        params: [
            .uuid("id", "Only the OS type with this id", of: "ostype"),
            .uuid("oscategoryid", "Only OS types in this category", of: "oscategory"),
            .string("description", "Only OS types with this full name"),
            .init("fordisplay", .boolean, "Only OS types shown (or hidden) to users", access: .domainAdmin),
        ] + .paging)

    /// `listOsCategories`: lists guest OS categories.
    public static let listOsCategories = CommandDescriptor(
        "listOsCategories", "Lists the categories guest OS types are grouped in.", access: .user, response: .list(.oscategory),
        params: [
            .uuid("id", "Only the category with this id", of: "oscategory"),
            .string("name", "Only the category with this name"),
            .boolean("isfeatured", "Only featured categories, or only the others"),
            .uuid("zoneid", "Only categories with templates or ISOs in this zone", of: "zone"),
            .string("arch", "Only categories with templates or ISOs for this CPU architecture"),
        ] + .paging)
}
