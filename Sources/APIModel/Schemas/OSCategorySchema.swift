extension ResponseSchema {
    /// A guest OS category (Ubuntu, Windows, Other, …) grouping OS types.
    public static let oscategory = ResponseSchema("oscategory", [
        .init("id", "string", "the category's id"),
        .init("name", "string", "the category's name"),
        .init("isfeatured", "boolean", "whether the category is shown first"),
        .init("created", "date", "when the category was added"),
    ])
}
