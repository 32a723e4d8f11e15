extension Commands {
    /// `createServiceOffering`: creates a compute offering.
    public static let createServiceOffering = CommandDescriptor(
        "createServiceOffering", "Creates a compute offering: the vCPUs, memory and placement rules VMs are deployed with.",
        access: .rootAdmin, response: .object(.serviceoffering),
        params: [
            .string("name", "The offering's name", required: true),
            .string("displaytext", "A description of the offering; defaults to the name"),
            .integer("cpunumber", "The number of vCPUs"),
            .integer("cpuspeed", "The speed of each vCPU in MHz (the CPU share on KVM)"),
            .integer("memory", "The memory in MiB"),
            .boolean("customized", "Let CPU and memory be chosen at deployment"),
            .integer("mincpunumber", "The fewest vCPUs a custom offering allows"),
            .integer("maxcpunumber", "The most vCPUs a custom offering allows"),
            .integer("minmemory", "The least memory in MiB a custom offering allows"),
            .integer("maxmemory", "The most memory in MiB a custom offering allows"),
            .boolean("offerha", "Restart VMs elsewhere when their host fails"),
            .boolean("limitcpuuse", "Cap VMs at their CPU share"),
            .boolean("isvolatile", "Replace the root disk on every reboot"),
            .string("storagetype", "shared (default) or local: where the root disk is placed"),
            .string("provisioningtype", "thin (default), sparse or fat"),
            .string("tags", "Storage tags the root disk needs, comma-separated"),
            .string("hosttags", "Host tags a VM of this offering needs, comma-separated"),
            .uuids("domainid", "Restrict the offering to these domains, comma-separated", of: "domain"),
            .uuids("zoneid", "Offer the offering only in these zones, comma-separated", of: "zone"),
            .boolean("issystem", "Make the offering for system VMs"),
            .string("systemvmtype", "For system offerings: domainrouter, consoleproxy or secondarystoragevm"),
            .integer("networkrate", "The allowed data rate in megabits per second"),
            .long("rootdisksize", "The root disk size in GiB"),
            .uuid("diskofferingid", "The disk offering used for the root disk", of: "diskoffering"),
            .boolean("diskofferingstrictness", "Forbid changing the root disk's offering later"),
            .long("bytesreadrate", "The root disk's read limit in bytes per second"),
            .long("byteswriterate", "The root disk's write limit in bytes per second"),
            .long("iopsreadrate", "The root disk's read limit in operations per second"),
            .long("iopswriterate", "The root disk's write limit in operations per second"),
            .boolean("customizediops", "Let the root disk's IOPS be chosen at deployment"),
            .long("miniops", "The root disk's minimum IOPS"),
            .long("maxiops", "The root disk's maximum IOPS"),
            .string("cachemode", "The disk cache mode: none, writeback or writethrough"),
            .string("deploymentplanner", "The placement strategy for VMs of this offering"),
            .map("serviceofferingdetails", "Extra key/value settings of the offering"),
            .boolean("dynamicscalingenabled", "Allow VMs to be resized while running"),
            .boolean("encryptroot", "Encrypt root disks"),
            .boolean("purgeresources", "Purge a VM's records when it is expunged"),
        ])

    /// `updateServiceOffering`: updates a compute offering.
    public static let updateServiceOffering = CommandDescriptor(
        "updateServiceOffering", "Changes a compute offering's name, description, tags, sort order or where it is offered.",
        access: .rootAdmin, response: .object(.serviceoffering),
        params: [
            .uuid("id", "The offering to change", of: "serviceoffering", required: true),
            .string("name", "The offering's new name"),
            .string("displaytext", "The offering's new description"),
            .integer("sortkey", "Position of the offering in sorted lists"),
            .string("domainid", "The domains that may use the offering, comma-separated ids, or public"),
            .string("zoneid", "The zones the offering is offered in, comma-separated ids, or all"),
            .string("storagetags", "Storage tags the root disk needs, comma-separated"),
            .string("hosttags", "Host tags a VM of this offering needs, comma-separated"),
        ])

    /// `deleteServiceOffering`: deletes a compute offering.
    public static let deleteServiceOffering = CommandDescriptor(
        "deleteServiceOffering", "Retires a compute offering; VMs already using it keep running.",
        access: .rootAdmin, response: .success,
        params: [
            .uuid("id", "The offering to delete", of: "serviceoffering", required: true),
        ])

    /// `listServiceOfferings`: lists compute offerings.
    public static let listServiceOfferings = CommandDescriptor(
        "listServiceOfferings", "Lists the compute offerings the caller may deploy VMs with.",
        access: .user, response: .list(.serviceoffering),
        params: [
            .uuid("id", "Only the offering with this id", of: "serviceoffering"),
            .string("name", "Only offerings with this name"),
            .uuid("virtualmachineid", "Only offerings this VM may be changed to", of: "virtualmachine"),
            .boolean("issystem", "Only system offerings, or only user offerings"),
            .string("systemvmtype", "Only system offerings for this VM type"),
            .uuid("zoneid", "Only offerings offered in this zone", of: "zone"),
            .integer("cpunumber", "Only offerings that allow this many vCPUs"),
            .integer("memory", "Only offerings that allow this much memory in MiB"),
            .integer("cpuspeed", "Only offerings that allow this CPU speed"),
            .string("storagetype", "Only offerings placing root disks on this storage type (shared or local)"),
            .boolean("encryptroot", "Only offerings that encrypt root disks"),
            .string("state", "Active (default), Inactive or all"),
            .uuid("templateid", "Only offerings that fit this template", of: "template"),
        ] + .accountScope + .paging)

    /// `createDiskOffering`: creates a disk offering.
    public static let createDiskOffering = CommandDescriptor(
        "createDiskOffering", "Creates a disk offering: the size and storage rules data volumes are created with.",
        access: .rootAdmin, response: .object(.diskoffering),
        params: [
            .string("name", "The offering's name", required: true),
            .string("displaytext", "A description of the offering; defaults to the name", length: 4096),
            .long("disksize", "The disk size in GiB"),
            .boolean("customized", "Let the size be chosen when the volume is created"),
            .string("tags", "Storage tags a volume needs, comma-separated", length: 4096),
            .string("storagetype", "shared (default) or local"),
            .string("provisioningtype", "thin (default), sparse or fat"),
            .uuids("domainid", "Restrict the offering to these domains, comma-separated", of: "domain"),
            .uuids("zoneid", "Offer the offering only in these zones, comma-separated", of: "zone"),
            .boolean("displayoffering", "Show the offering to users"),
            .boolean("customizediops", "Let IOPS be chosen when the volume is created"),
            .long("miniops", "The minimum IOPS"),
            .long("maxiops", "The maximum IOPS"),
            .long("bytesreadrate", "The read limit in bytes per second"),
            .long("byteswriterate", "The write limit in bytes per second"),
            .long("iopsreadrate", "The read limit in operations per second"),
            .long("iopswriterate", "The write limit in operations per second"),
            .string("cachemode", "The disk cache mode: none, writeback or writethrough"),
            .boolean("disksizestrictness", "Forbid resizing volumes of this offering"),
            .boolean("encrypt", "Encrypt volumes of this offering"),
            .map("details", "Extra key/value settings of the offering"),
        ])

    /// `updateDiskOffering`: updates a disk offering.
    public static let updateDiskOffering = CommandDescriptor(
        "updateDiskOffering", "Changes a disk offering's name, description, tags, visibility or where it is offered.",
        access: .rootAdmin, response: .object(.diskoffering),
        params: [
            .uuid("id", "The offering to change", of: "diskoffering", required: true),
            .string("name", "The offering's new name"),
            .string("displaytext", "The offering's new description", length: 4096),
            .integer("sortkey", "Position of the offering in sorted lists"),
            .boolean("displayoffering", "Show the offering to users"),
            .string("domainid", "The domains that may use the offering, comma-separated ids, or public"),
            .string("zoneid", "The zones the offering is offered in, comma-separated ids, or all"),
            .string("tags", "Storage tags a volume needs, comma-separated"),
        ])

    /// `deleteDiskOffering`: deletes a disk offering.
    public static let deleteDiskOffering = CommandDescriptor(
        "deleteDiskOffering", "Retires a disk offering; volumes already using it are kept.",
        access: .rootAdmin, response: .success,
        params: [
            .uuid("id", "The offering to delete", of: "diskoffering", required: true),
        ])

    /// `listDiskOfferings`: lists disk offerings.
    public static let listDiskOfferings = CommandDescriptor(
        "listDiskOfferings", "Lists the disk offerings the caller may create volumes with.",
        access: .user, response: .list(.diskoffering),
        params: [
            .uuid("id", "Only the offering with this id", of: "diskoffering"),
            .string("name", "Only offerings with this name"),
            .uuid("zoneid", "Only offerings offered in this zone", of: "zone"),
            .uuid("volumeid", "Only offerings whose tags fit this volume", of: "volume"),
            .uuid("storageid", "Only offerings whose tags fit this storage pool", of: "storagepool"),
            .uuid("virtualmachineid", "Flag which offerings fit this VM", of: "virtualmachine"),
            .boolean("encrypt", "Only offerings that encrypt volumes"),
            .string("storagetype", "Only offerings for this storage type (shared or local)"),
            .string("state", "Active (default), Inactive or all"),
        ] + .accountScope + .paging)
}
