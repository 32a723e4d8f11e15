extension ResponseSchema {
    /// The answer to a successful login: who logged in and the session key to send back.
    public static let login = ResponseSchema("login", [
        .init("username", "string", "the user's name"),
        .init("userid", "string", "the user's id"),
        .init("domainid", "string", "the user's domain"),
        .init("timeout", "integer", "seconds of inactivity before the session ends"),
        .init("account", "string", "the user's account"),
        .init("firstname", "string", "the user's first name"),
        .init("lastname", "string", "the user's last name"),
        .init("type", "string", "the account type number (0 user, 1 root admin, 2 domain admin)"),
        .init("timezone", "string", "the user's time zone, when set"),
        .init("timezoneoffset", "string", "that time zone's offset, when set"),
        .init("registered", "string", "whether the user has registered"),
        .init("sessionkey", "string", "the key to send with every request of the session"),
        .init("is2faenabled", "string", "whether the user has two-factor authentication"),
        .init("is2faverified", "string", "whether the second factor has been checked"),
        .init("providerfor2fa", "string", "the second-factor provider, when set"),
        .init("issuerfor2fa", "string", "the issuer shown in authenticator apps"),
        .init("managementserverid", "string", "the management server that served the login (root admins only)"),
    ])
}
