extension ResponseSchema {
    /// The answer to a logout.
    public static let logout = ResponseSchema("logout", [
        .init("description", "string", "success when the session was ended"),
    ])
}
