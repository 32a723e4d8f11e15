extension ResponseSchema {
    /// An image store (secondary storage): where templates, ISOs and snapshots are kept.
    public static let imagestore = ResponseSchema("imagestore", [
        .init("id", "string", "the store's id"),
        .init("zoneid", "string", "the zone the store serves"),
        .init("zonename", "string", "the zone's name"),
        .init("name", "string", "the store's name"),
        .init("url", "string", "the store's URL (nfs://server/path, …)"),
        .init("protocol", "string", "the protocol used to reach the store (nfs, …)"),
        .init("providername", "string", "the store's driver (NFS, S3, Swift, …)"),
        .init("scope", "string", "ZONE or REGION"),
        .init("readonly", "boolean", "whether new objects are kept off the store"),
        .init("disksizetotal", "long", "the store's size in bytes"),
        .init("disksizeused", "long", "the bytes in use"),
        .init("hasannotations", "boolean", "whether the store carries comments"),
    ])
}
