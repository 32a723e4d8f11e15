extension Commands {
    /// `createDomain`: creates a domain.
    public static let createDomain = CommandDescriptor(
        "createDomain", "Creates a domain under a parent domain (ROOT unless given).",
        access: .domainAdmin, response: .object(.domain),
        params: [
            .string("name", "The domain's name, unique under its parent", required: true),
            .uuid("parentdomainid", "The parent domain; defaults to ROOT", of: "domain"),
            .string("networkdomain", "The DNS domain given to networks in the domain"),
            .string("domainid", "The domain's id, when it comes from another region"),
        ])

    /// `updateDomain`: updates a domain.
    public static let updateDomain = CommandDescriptor(
        "updateDomain", "Renames a domain or changes its network domain.",
        access: .domainAdmin, response: .object(.domain),
        params: [
            .uuid("id", "The domain to change", of: "domain", required: true),
            .string("name", "The domain's new name"),
            .string("networkdomain", "The DNS domain given to networks in the domain; empty clears it"),
        ])

    /// `deleteDomain`: deletes a domain.
    public static let deleteDomain = CommandDescriptor(
        "deleteDomain", "Deletes a domain; with cleanup, its subdomains and accounts go too.",
        access: .domainAdmin, response: .success, isAsync: true,
        params: [
            .uuid("id", "The domain to delete", of: "domain", required: true),
            .boolean("cleanup", "Also delete the domain's subdomains and accounts"),
        ])

    /// `listDomains`: lists domains.
    public static let listDomains = CommandDescriptor(
        "listDomains", "Lists the domains the caller administers.", access: .domainAdmin, response: .list(.domain),
        params: [
            .uuid("id", "Only the domain with this id", of: "domain"),
            .string("name", "Only domains with this name"),
            .integer("level", "Only domains at this depth (ROOT is 0)"),
            .boolean("listall", "List every domain below the caller's, not only the caller's own"),
            .list("details", "Which details to include: all, resource or min"),
        ] + .paging)

    /// `listDomainChildren`: lists the subdomains of a domain.
    public static let listDomainChildren = CommandDescriptor(
        "listDomainChildren", "Lists the subdomains of a domain (the caller's unless given).",
        access: .domainAdmin, response: .list(.domain),
        params: [
            .uuid("id", "The domain whose subdomains to list", of: "domain"),
            .string("name", "Only subdomains with this name"),
            .boolean("isrecursive", "List the whole subtree, not only the first level"),
            .boolean("listall", "List everything the caller may see"),
        ] + .paging)
}
