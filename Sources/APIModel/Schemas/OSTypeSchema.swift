extension ResponseSchema {
    /// A guest OS type: tells the hypervisor which devices and drivers a VM expects.
    public static let ostype = ResponseSchema("ostype", [
        .init("id", "string", "the OS type's id"),
        .init("oscategoryid", "string", "the category the OS type belongs to"),
        .init("oscategoryname", "string", "the category's name"),
        .init("name", "string", "the OS type's name"),
        .init("description", "string", "the OS type's full name (\"Ubuntu 22.04 LTS\", …)"),
        .init("isuserdefined", "boolean", "whether an administrator added the OS type"),
        .init("fordisplay", "boolean", "whether users see the OS type"),
    ])
}
