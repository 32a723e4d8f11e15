extension ResponseSchema {
    /// The description of one API command, as API discovery clients read it.
    public static let api = ResponseSchema("api", [
        .init("name", "string", "the command's name"),
        .init("description", "string", "what the command does"),
        .init("since", "string", "the CloudStack version that introduced the command"),
        .init("isasync", "boolean", "whether the command answers with a job id"),
        .init("related", "string", "other commands answering with the same kind of object, comma-separated"),
        .init("params", "set", "the parameters the command accepts", nested: [
            .init("name", "string", "the parameter's name"),
            .init("description", "string", "what the parameter means"),
            .init("type", "string", "the parameter's type (string, uuid, boolean, …)"),
            .init("length", "integer", "the longest value accepted"),
            .init("required", "boolean", "whether the parameter must be given"),
            .init("since", "string", "the CloudStack version that introduced the parameter"),
            .init("related", "string", "commands that list valid values, comma-separated"),
        ]),
        .init("response", "set", "the fields of the answer", nested: [
            .init("name", "string", "the field's name"),
            .init("description", "string", "what the field holds"),
            .init("type", "string", "the field's type"),
            .init("response", "set", "the fields of a nested object"),
        ]),
        .init("type", "string", "the type of the answer"),
    ])
}
