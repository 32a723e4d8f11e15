extension Commands {
    /// `createStoragePool`: adds primary storage.
    public static let createStoragePool = CommandDescriptor(
        "createStoragePool", "Adds a primary storage pool for VM volumes, serving one cluster or a whole zone.",
        access: .rootAdmin, response: .object(.storagepool),
        params: [
            .string("name", "The pool's name", required: true),
            .string("url", "Where the storage is (nfs://server/path, rbd://…, sharedmountpoint:///path, …)", required: true),
            .uuid("zoneid", "The zone the pool belongs to", of: "zone", required: true),
            .uuid("podid", "The pod of the cluster the pool serves (cluster scope)", of: "pod"),
            .uuid("clusterid", "The cluster the pool serves (cluster scope)", of: "cluster"),
            .string("scope", "cluster (default) or zone"),
            .string("hypervisor", "For zone-wide pools, the hypervisor of the hosts that use it"),
            .string("provider", "The storage driver (DefaultPrimary unless another is installed)"),
            .string("tags", "Tags for the pool, comma-separated"),
            .boolean("istagarule", "Treat the tag as a rule rather than a plain tag").notSupported(),
            .map("details", "Extra key/value settings for the driver").notSupported(),
            .boolean("managed", "Create one backing volume per disk on the storage").notSupported(),
            .long("capacitybytes", "The bytes the cloud may provision from the pool"),
            .long("capacityiops", "The IOPS the cloud may provision from the pool").notSupported(),
        ])

    /// `updateStoragePool`: updates primary storage.
    public static let updateStoragePool = CommandDescriptor(
        "updateStoragePool", "Changes a storage pool's name, tags or capacity, or switches new-volume placement on or off.",
        access: .rootAdmin, response: .object(.storagepool), since: "3.0.0",
        params: [
            .uuid("id", "The pool to change", of: "storagepool", required: true),
            .string("name", "The pool's new name"),
            .list("tags", "The pool's tags, comma-separated; replaces the old ones"),
            .boolean("istagarule", "Treat the tag as a rule rather than a plain tag").notSupported(),
            .boolean("enabled", "false stops new volumes being placed on the pool, true allows it again"),
            .long("capacitybytes", "The bytes the cloud may provision from the pool"),
            .long("capacityiops", "The IOPS the cloud may provision from the pool").notSupported(),
            .map("details", "Extra key/value settings for the driver").notSupported(),
            .string("url", "A new location for the storage").notSupported(),
        ])

    /// `deleteStoragePool`: removes primary storage.
    public static let deleteStoragePool = CommandDescriptor(
        "deleteStoragePool", "Removes a storage pool that holds no volumes.",
        access: .rootAdmin, response: .success,
        params: [
            .uuid("id", "The pool to remove", of: "storagepool", required: true),
            .boolean("forced", "Also expunge destroyed volumes still on the pool"),
        ])

    /// `listStoragePools`: lists primary storage.
    public static let listStoragePools = CommandDescriptor(
        "listStoragePools", "Lists primary storage pools with their size and use.", access: .rootAdmin, response: .list(.storagepool),
        params: [
            .uuid("id", "Only the pool with this id", of: "storagepool"),
            .string("name", "Only the pool with this name"),
            .uuid("zoneid", "Only pools in this zone", of: "zone"),
            .uuid("podid", "Only pools in this pod", of: "pod"),
            .uuid("clusterid", "Only pools serving this cluster", of: "cluster"),
            .uuid("hostid", "Only pools this host uses", of: "host"),
            .string("ipaddress", "Only pools on this storage server"),
            .string("path", "Only pools with this path"),
            .string("scope", "Only pools with this scope (CLUSTER, ZONE, HOST)"),
            .string("status", "Only pools in this state (Up, Maintenance, …)"),
            .boolean("storagecustomstats", "Add driver-specific statistics"),
        ] + .paging)

    /// `addImageStore`: adds secondary storage.
    public static let addImageStore = CommandDescriptor(
        "addImageStore", "Adds an image store (secondary storage) for templates, ISOs and snapshots.",
        access: .rootAdmin, response: .object(.imagestore), since: "4.2.0",
        params: [
            .string("provider", "The store's driver (NFS, S3, Swift, …)", required: true),
            .string("name", "The store's name"),
            .string("url", "Where the store is (nfs://server/path, …)", length: 2048),
            .uuid("zoneid", "The zone the store serves", of: "zone"),
            .map("details", "Extra key/value settings for the driver, as details[i].key and details[i].value"),
        ])

    /// `listImageStores`: lists secondary storage.
    public static let listImageStores = CommandDescriptor(
        "listImageStores", "Lists image stores with their size and use.", access: .rootAdmin, response: .list(.imagestore),
        since: "4.2.0",
        params: [
            .uuid("id", "Only the store with this id", of: "imagestore"),
            .string("name", "Only the store with this name"),
            .uuid("zoneid", "Only stores serving this zone", of: "zone"),
            .string("protocol", "Only stores reached by this protocol"),
            .string("provider", "Only stores using this driver"),
            .boolean("readonly", "Only stores that are (or are not) read-only"),
        ] + .paging)

    /// `deleteImageStore`: removes secondary storage.
    public static let deleteImageStore = CommandDescriptor(
        "deleteImageStore", "Removes an image store that holds no templates, ISOs or snapshots.",
        access: .rootAdmin, response: .success, since: "4.2.0",
        params: [
            .uuid("id", "The store to remove", of: "imagestore", required: true),
        ])
}
