extension Commands {
    /// `login`: starts a session.
    public static let login = CommandDescriptor(
        "login", "Checks a user name and password and starts a session; send it by POST.",
        access: .anonymous, response: .inline(.login),
        params: [
            .string("username", "The user's login name", required: true),
            .string("password", "The user's password, in clear text", required: true),
            .string("domain", "The path of the user's domain (/ for ROOT, /child for a subdomain)"),
            .uuid("domainid", "The id of the user's domain; wins over domain", of: "domain"),
        ])

    /// `logout`: ends the session.
    public static let logout = CommandDescriptor(
        "logout", "Ends the caller's session.", access: .anonymous, response: .inline(.logout))
}
