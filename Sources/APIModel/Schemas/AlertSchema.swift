extension ResponseSchema {
    /// An alert: a notice to administrators about capacity or failures.
    public static let alert = ResponseSchema("alert", [
        .init("id", "string", "the alert's id"),
        .init("type", "short", "the alert type number (0 memory, 1 CPU, 2 storage, …)"),
        .init("name", "string", "the alert type name"),
        .init("description", "string", "what the alert is about"),
        .init("sent", "date", "when the alert was raised"),
    ])
}
