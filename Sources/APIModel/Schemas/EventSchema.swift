extension ResponseSchema {
    /// An event: one entry of the audit trail of actions taken in the cloud.
    public static let event = ResponseSchema("event", [
        .init("id", "string", "the event's id"),
        .init("username", "string", "the user who acted"),
        .init("type", "string", "the event type (VM.CREATE, USER.LOGIN, …)"),
        .init("level", "string", "INFO, WARN or ERROR"),
        .init("description", "string", "what happened"),
        .init("account", "string", "the account that owns the object acted on"),
        .init("projectid", "string", "the project that owns the object acted on"),
        .init("project", "string", "the name of that project"),
        .init("domainid", "string", "the domain of the owning account"),
        .init("domain", "string", "the name of that domain"),
        .init("domainpath", "string", "the path of that domain"),
        .init("resourceid", "string", "the id of the object acted on"),
        .init("resourcetype", "string", "the kind of object acted on"),
        .init("resourcename", "string", "the name of the object acted on"),
        .init("created", "date", "when the event was recorded"),
        .init("state", "state", "Created, Scheduled, Started or Completed"),
        .init("parentid", "string", "the event that started the action this event belongs to"),
        .init("archived", "boolean", "whether the event has been archived"),
    ])
}
