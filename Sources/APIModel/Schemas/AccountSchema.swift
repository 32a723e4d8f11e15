extension ResponseSchema {
    /// An account: the owner of resources, holding one or more users.
    public static let account = ResponseSchema("account", [
        .init("id", "string", "the account's id"),
        .init("name", "string", "the account's name"),
        .init("accounttype", "integer", "0 user, 1 root admin, 2 domain admin"),
        .init("roleid", "string", "the account's role"),
        .init("roletype", "string", "the type of that role (Admin, DomainAdmin, User)"),
        .init("rolename", "string", "the name of that role"),
        .init("domainid", "string", "the domain the account belongs to"),
        .init("domain", "string", "the name of that domain"),
        .init("domainpath", "string", "the path of that domain (ROOT/child)"),
        .init("defaultzoneid", "string", "the account's default zone"),
        .init("receivedbytes", "long", "network bytes received by the account"),
        .init("sentbytes", "long", "network bytes sent by the account"),
    ] + ResourceLimitFields.fields(owner: "account") + [
        .init("vmstopped", "integer", "the account's stopped VMs"),
        .init("vmrunning", "integer", "the account's running VMs"),
        .init("state", "string", "enabled, disabled or locked"),
        .init("iscleanuprequired", "boolean", "whether removing the account's resources is still pending"),
        .init("created", "date", "when the account was created"),
        .init("user", "list", "the account's users", nested: userFields),
        .init("networkdomain", "string", "the DNS domain given to the account's networks"),
        .init("accountdetails", "map", "extra key/value settings of the account"),
        .init("isdefault", "boolean", "whether the account was created with the cloud and cannot be removed"),
        .init("apikeyaccess", "string", "Enabled, Disabled or Inherit: whether the account's users may sign requests with keys"),
    ])
}
