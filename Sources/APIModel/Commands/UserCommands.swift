extension Commands {
    /// `createUser`: adds a user to an account.
    public static let createUser = CommandDescriptor(
        "createUser", "Adds a user to an existing account.",
        access: .domainAdmin, response: .object(.user),
        params: [
            .string("account", "The account to add the user to", required: true),
            .string("username", "The user's login name, unique in the domain", required: true),
            .string("password", "The user's password, in clear text", required: true),
            .string("email", "The user's email address", required: true),
            .string("firstname", "The user's first name", required: true),
            .string("lastname", "The user's last name", required: true),
            .uuid("domainid", "The domain of the account; defaults to the caller's", of: "domain"),
            .string("timezone", "The user's time zone"),
            .string("userid", "The user's id, when it comes from an outside system"),
        ])

    /// `updateUser`: updates a user.
    public static let updateUser = CommandDescriptor(
        "updateUser", "Changes a user's name, email, time zone, password or API keys; a user changing their own password must give the current one.",
        access: .user, response: .object(.user),
        params: [
            .uuid("id", "The user to change", of: "user", required: true),
            .string("username", "The new login name"),
            .string("firstname", "The new first name"),
            .string("lastname", "The new last name"),
            .string("email", "The new email address"),
            .string("timezone", "The new time zone"),
            .string("password", "The new password, in clear text"),
            .string("currentpassword", "The password in use now; needed when changing your own password"),
            .string("userapikey", "A new API key; needs usersecretkey"),
            .string("usersecretkey", "A new secret key; needs userapikey"),
            .boolean("mandate2fa", "Require two-factor authentication of the user"),
        ])

    /// `deleteUser`: deletes a user.
    public static let deleteUser = CommandDescriptor(
        "deleteUser", "Deletes a user; the account and its resources stay.",
        access: .domainAdmin, response: .success,
        params: [
            .uuid("id", "The user to delete", of: "user", required: true),
        ])

    /// `disableUser`: disables a user.
    public static let disableUser = CommandDescriptor(
        "disableUser", "Stops a user logging in or using API keys; when it is the account's last enabled user, the account's VMs are stopped.",
        access: .domainAdmin, response: .object(.user), isAsync: true,
        params: [
            .uuid("id", "The user to disable", of: "user", required: true),
        ])

    /// `enableUser`: enables a user.
    public static let enableUser = CommandDescriptor(
        "enableUser", "Lets a disabled user log in again.",
        access: .domainAdmin, response: .object(.user),
        params: [
            .uuid("id", "The user to enable", of: "user", required: true),
        ])

    /// `listUsers`: lists users.
    public static let listUsers = CommandDescriptor(
        "listUsers", "Lists the users the caller may see.", access: .user, response: .list(.user),
        params: [
            .uuid("id", "Only the user with this id", of: "user"),
            .string("username", "Only the user with this login name"),
            .integer("accounttype", "Only users of accounts of this type (0 user, 1 root admin, 2 domain admin)"),
            .string("state", "Only users in this state (enabled, disabled, locked)"),
            .string("usersource", "Only users signing in from this source (native, ldap, saml2)"),
        ] + .accountScope + .paging)

    /// `registerUserKeys`: creates a new API key pair.
    public static let registerUserKeys = CommandDescriptor(
        "registerUserKeys", "Creates a new API key and secret key for a user, replacing any old pair.",
        access: .user, response: .object(.userKeys),
        params: [
            .uuid("id", "The user to create keys for", of: "user", required: true),
        ])

    /// `getUserKeys`: shows a user's API key pair.
    public static let getUserKeys = CommandDescriptor(
        "getUserKeys", "Shows a user's API key and secret key.",
        access: .user, response: .object(.userKeys), since: "4.10.0",
        params: [
            .uuid("id", "The user whose keys to show", of: "user", required: true),
        ])
}
