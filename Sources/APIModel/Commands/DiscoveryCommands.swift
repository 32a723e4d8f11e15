extension Commands {
    /// `listApis`: describes the commands the caller may use.
    public static let listApis = CommandDescriptor(
        "listApis", "Describes every command the caller may use, with its parameters and answer fields.",
        access: .user, response: .list(.api), since: "4.1.0",
        params: [
            .string("name", "Describe only the command with this name"),
        ])
}
