extension Commands {
    /// `listRegions`: lists the regions this cloud knows.
    public static let listRegions = CommandDescriptor(
        "listRegions", "Lists the regions of the cloud; Cumulo serves one region.", access: .user, response: .list(.region),
        params: [
            .integer("id", "Only the region with this number"),
            .string("name", "Only the region with this name"),
        ] + .paging)
}
