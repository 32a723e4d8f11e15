extension Commands {
    /// `listVolumes`: lists volumes.
    public static let listVolumes = CommandDescriptor(
        "listVolumes", "Lists the volumes the caller may see; by default only the caller's own, listall=true for all visible ones.",
        access: .user, response: .list(.volume),
        params: [
            .uuid("id", "Only the volume with this id", of: "volume"),
            .uuids("ids", "Only the volumes with these ids", of: "volume"),
            .string("name", "Only volumes with this name"),
            .uuid("virtualmachineid", "Only the volumes attached to this VM", of: "virtualmachine"),
            .string("type", "Only volumes of this type: ROOT or DATADISK"),
            .string("state", "Only volumes in this state (Allocated, Ready, Destroy, …)"),
            .uuid("zoneid", "Only volumes in this zone", of: "zone"),
            .uuid("diskofferingid", "Only volumes made from this disk offering", of: "diskoffering"),
            .init("storageid", .uuid, "Only volumes on this primary storage pool", entity: "storagepool", access: .rootAdmin),
            .init("displayvolume", .boolean, "Only volumes shown (or hidden) to their owners; every volume is shown", access: .rootAdmin),
            .init("listsystemvms", .boolean, "Also list volumes of system VMs (Cumulo has none)", access: .rootAdmin),
            .boolean("retrieveonlyresourcecount", "Answer with the count only"),
            .uuid("projectid", "Only volumes of this project (projects are not supported)", of: "project"),
            .map("tags", "Only volumes with these tags (accepted; Cumulo has no tags yet)"),
        ] + .accountScope + .paging)

    /// `createVolume`: records a data disk.
    public static let createVolume = CommandDescriptor(
        "createVolume", "Creates a data disk from a disk offering; its file is made on primary storage when it is first attached to a VM. With virtualmachineid it is attached at once. The new volume's id is in the immediate answer.",
        access: .user, response: .object(.volume), isAsync: true, createsResource: true,
        params: [
            .string("name", "The volume's name; a generated one when left out"),
            .uuid("zoneid", "The zone to create the volume in; the VM's zone when virtualmachineid is given", of: "zone"),
            .uuid("diskofferingid", "The disk offering to create the volume from", of: "diskoffering"),
            .long("size", "The size in GiB, for a disk offering with a custom size"),
            .uuid("virtualmachineid", "A VM to attach the new volume to", of: "virtualmachine"),
            .string("account", "The account to create the volume for; needs domainid (administrators, or the caller's own account)"),
            .uuid("domainid", "The domain of that account", of: "domain"),
            .uuid("projectid", "The project to create the volume for (not supported: Cumulo has no projects)", of: "project"),
            .uuid("snapshotid", "Create the volume from a snapshot (not supported)", of: "snapshot").notSupported(),
            .long("miniops", "Minimum IOPS (not supported)").notSupported(),
            .long("maxiops", "Maximum IOPS (not supported)").notSupported(),
            .init("displayvolume", .boolean, "Whether to show the volume to its owner (accepted and ignored)", access: .rootAdmin),
            .string("customid", "A chosen id for the volume (not supported)").notSupported(),
        ])

    /// `attachVolume`: attaches a data disk to a VM.
    public static let attachVolume = CommandDescriptor(
        "attachVolume", "Attaches a data disk to a virtual machine of the same account and zone, at once when the VM runs.",
        access: .user, response: .object(.volume), isAsync: true,
        params: [
            .uuid("id", "The volume to attach", of: "volume", required: true),
            .uuid("virtualmachineid", "The VM to attach it to", of: "virtualmachine", required: true),
            .long("deviceid", "The slot to attach it at (1, 2, 4, …; 3 is the CD-ROM drive's); the next free one when left out"),
        ])

    /// `detachVolume`: detaches a data disk from its VM.
    public static let detachVolume = CommandDescriptor(
        "detachVolume", "Detaches a data disk from its virtual machine, at once when the VM runs; name it by id, or by virtualmachineid and deviceid.",
        access: .user, response: .object(.volume), isAsync: true,
        params: [
            .uuid("id", "The volume to detach", of: "volume"),
            .uuid("virtualmachineid", "The VM to detach a volume from, with deviceid", of: "virtualmachine"),
            .long("deviceid", "The slot of the volume to detach, with virtualmachineid"),
        ])

    /// `resizeVolume`: changes a volume's size.
    public static let resizeVolume = CommandDescriptor(
        "resizeVolume", "Grows a volume to a new disk offering's size or to a custom size; shrinking needs shrinkok.",
        access: .user, response: .object(.volume), isAsync: true,
        params: [
            .uuid("id", "The volume to resize", of: "volume", required: true),
            .uuid("diskofferingid", "A disk offering whose size the volume takes", of: "diskoffering"),
            .long("size", "The new size in GiB, for a disk offering with a custom size"),
            .boolean("shrinkok", "Allow the volume to become smaller"),
            .long("miniops", "Minimum IOPS (not supported)").notSupported(),
            .long("maxiops", "Maximum IOPS (not supported)").notSupported(),
            .boolean("autostart", "Accepted for compatibility and ignored"),
        ])

    /// `deleteVolume`: deletes a detached data disk.
    public static let deleteVolume = CommandDescriptor(
        "deleteVolume", "Deletes a detached data disk and its file.",
        access: .user, response: .success,
        params: [
            .uuid("id", "The volume to delete", of: "volume", required: true),
        ])
}
