extension ResponseSchema {
    /// A domain: a node of the tree that groups accounts and their administrators.
    public static let domain = ResponseSchema("domain", [
        .init("id", "string", "the domain's id"),
        .init("name", "string", "the domain's name"),
        .init("level", "integer", "the domain's depth in the tree (ROOT is 0)"),
        .init("parentdomainid", "string", "the parent domain"),
        .init("parentdomainname", "string", "the parent domain's name"),
        .init("haschild", "boolean", "whether the domain has subdomains"),
        .init("networkdomain", "string", "the DNS domain given to the domain's networks"),
        .init("path", "string", "the domain's path (ROOT/child)"),
        .init("state", "string", "Active or Inactive"),
        .init("created", "date", "when the domain was created"),
    ] + ResourceLimitFields.fields(owner: "domain") + [
        .init("domaindetails", "map", "extra key/value settings of the domain"),
        .init("hasannotations", "boolean", "whether the domain carries comments"),
    ])
}
