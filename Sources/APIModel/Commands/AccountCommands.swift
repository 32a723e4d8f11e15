extension Commands {
    /// `createAccount`: creates an account with its first user.
    public static let createAccount = CommandDescriptor(
        "createAccount", "Creates an account in a domain together with its first user.",
        access: .domainAdmin, response: .object(.account),
        params: [
            .string("username", "The first user's login name, unique in the domain", required: true),
            .string("password", "The first user's password, in clear text", required: true),
            .string("email", "The first user's email address", required: true),
            .string("firstname", "The first user's first name", required: true),
            .string("lastname", "The first user's last name", required: true),
            .string("account", "The account's name; defaults to the user name"),
            .integer("accounttype", "0 user, 1 root admin, 2 domain admin; give this or roleid"),
            .uuid("roleid", "The role of the account; give this or accounttype", of: "role"),
            .uuid("domainid", "The domain to create the account in; defaults to the caller's", of: "domain"),
            .string("timezone", "The first user's time zone"),
            .string("networkdomain", "The DNS domain given to the account's networks"),
            .map("accountdetails", "Extra key/value settings of the account"),
            .string("accountid", "The account's id, when it comes from an outside system"),
            .string("userid", "The first user's id, when it comes from an outside system"),
        ])

    /// `updateAccount`: updates an account.
    public static let updateAccount = CommandDescriptor(
        "updateAccount", "Renames an account or changes its role, network domain or settings.",
        access: .domainAdmin, response: .object(.account),
        params: [
            .uuid("id", "The account to change", of: "account"),
            .string("account", "The account to change, by name; needs domainid"),
            .uuid("domainid", "The domain of that account", of: "domain"),
            .string("newname", "The account's new name"),
            .uuid("roleid", "The account's new role", of: "role"),
            .string("networkdomain", "The DNS domain given to the account's networks; empty clears it"),
            .map("accountdetails", "Extra key/value settings of the account"),
            .init("apikeyaccess", .string, "Enabled, Disabled or Inherit: whether the account's users may sign requests with keys", access: .domainAdmin),
        ])

    /// `deleteAccount`: deletes an account.
    public static let deleteAccount = CommandDescriptor(
        "deleteAccount", "Deletes an account, its users and everything it owns.",
        access: .domainAdmin, response: .success, isAsync: true,
        params: [
            .uuid("id", "The account to delete", of: "account", required: true),
        ])

    /// `disableAccount`: disables or locks an account.
    public static let disableAccount = CommandDescriptor(
        "disableAccount", "Locks an account (its users can no longer log in) or disables it (its VMs are stopped too).",
        access: .domainAdmin, response: .object(.account), isAsync: true,
        params: [
            .boolean("lock", "true only locks the account; false disables it and stops its VMs", required: true),
            .uuid("id", "The account to disable", of: "account"),
            .string("account", "The account to disable, by name; needs domainid"),
            .uuid("domainid", "The domain of that account", of: "domain"),
        ])

    /// `enableAccount`: enables an account.
    public static let enableAccount = CommandDescriptor(
        "enableAccount", "Enables a disabled or locked account again.",
        access: .domainAdmin, response: .object(.account),
        params: [
            .uuid("id", "The account to enable", of: "account"),
            .string("account", "The account to enable, by name; needs domainid"),
            .uuid("domainid", "The domain of that account", of: "domain"),
        ])

    /// `listAccounts`: lists accounts.
    public static let listAccounts = CommandDescriptor(
        "listAccounts", "Lists the accounts the caller may see, with their users and resource use.",
        access: .user, response: .list(.account),
        params: [
            .uuid("id", "Only the account with this id", of: "account"),
            .string("name", "Only the account with this name"),
            .integer("accounttype", "Only accounts of this type (0 user, 1 root admin, 2 domain admin)"),
            .string("state", "Only accounts in this state (enabled, disabled, locked)"),
            .boolean("iscleanuprequired", "Only accounts whose clean-up is (or is not) pending"),
            .list("details", "Which details to include: all, resource or min"),
        ] + [ParameterDescriptor].accountScope.filter { $0.name != "account" } + .paging)
}
