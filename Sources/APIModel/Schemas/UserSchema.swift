extension ResponseSchema {
    /// A user: a login belonging to an account.
    public static let user = ResponseSchema("user", userFields)

    /// The fields of a user, also nested in each account's `user` list.
    static let userFields: [ResponseFieldDescriptor] = [
        .init("id", "string", "the user's id"),
        .init("username", "string", "the login name"),
        .init("firstname", "string", "the user's first name"),
        .init("lastname", "string", "the user's last name"),
        .init("email", "string", "the user's email address"),
        .init("created", "date", "when the user was created"),
        .init("state", "string", "enabled, disabled or locked"),
        .init("account", "string", "the account the user belongs to"),
        .init("accounttype", "integer", "that account's type (0 user, 1 root admin, 2 domain admin)"),
        .init("usersource", "string", "where the user signs in from (native, ldap, saml2)"),
        .init("roleid", "string", "the role of the user's account"),
        .init("roletype", "string", "the type of that role (Admin, DomainAdmin, User)"),
        .init("rolename", "string", "the name of that role"),
        .init("domainid", "string", "the domain of the user's account"),
        .init("domain", "string", "the name of that domain"),
        .init("timezone", "string", "the user's time zone"),
        .init("apikey", "string", "the user's API key, if any"),
        .init("secretkey", "string", "the user's secret key, if any"),
        .init("accountid", "string", "the id of the user's account"),
        .init("iscallerchilddomain", "boolean", "whether the user is in a subdomain of the caller's domain"),
        .init("isdefault", "boolean", "whether the user was created with the cloud and cannot be removed"),
        .init("is2faenabled", "boolean", "whether the user has two-factor authentication"),
        .init("is2famandated", "boolean", "whether two-factor authentication is required of the user"),
        .init("apikeyaccess", "string", "Enabled, Disabled or Inherit: whether the user may sign requests with keys"),
    ]
}
