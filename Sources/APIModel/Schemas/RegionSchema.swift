extension ResponseSchema {
    /// A region: a set of zones served by one management-server cluster.
    public static let region = ResponseSchema("region", [
        .init("id", "integer", "the region's number"),
        .init("name", "string", "the region's name"),
        .init("endpoint", "string", "the URL of the region's API endpoint"),
        .init("gslbserviceenabled", "boolean", "whether global server load balancing is offered"),
        .init("portableipserviceenabled", "boolean", "whether portable public addresses are offered"),
    ])
}
