extension Commands {
    /// `listZones`: lists zones.
    public static let listZones = CommandDescriptor(
        "listZones", "Lists the zones the caller can use.", access: .user, response: .list(.zone),
        params: [
            .uuid("id", "Only the zone with this id", of: "zone"),
            .uuids("ids", "Only the zones with these ids (comma-separated)", of: "zone"),
            .string("name", "Only the zone with this name"),
            .string("networktype", "Only zones of this network type (Basic or Advanced)"),
            .boolean("available", "Accepted for compatibility; every zone the caller can use is listed"),
            .uuid("domainid", "Only zones dedicated to this domain", of: "domain"),
            .boolean("showcapacities", "Add capacity figures (memory, CPU, storage) to each zone"),
        ] + .paging)

    /// `createZone`: creates a zone.
    public static let createZone = CommandDescriptor(
        "createZone", "Creates a zone. New zones start Disabled unless allocationstate says otherwise.",
        access: .rootAdmin, response: .object(.zone),
        params: [
            .string("name", "The zone's name, unique in the cloud", required: true),
            .string("networktype", "Basic or Advanced", required: true),
            .string("dns1", "The first public DNS server", required: true),
            .string("dns2", "The second public DNS server"),
            .string("internaldns1", "The first DNS server for system traffic", required: true),
            .string("internaldns2", "The second DNS server for system traffic"),
            .string("ip6dns1", "The first IPv6 DNS server"),
            .string("ip6dns2", "The second IPv6 DNS server"),
            .string("guestcidraddress", "Default CIDR for guest networks (Advanced zones)"),
            .string("domain", "Network domain given to guest networks"),
            .uuid("domainid", "Dedicate the zone to this domain", of: "domain"),
            .string("allocationstate", "Enabled or Disabled"),
            .boolean("securitygroupenabled", "Isolate guests with security groups"),
            .boolean("localstorageenabled", "Allow offerings that use host-local storage"),
            .boolean("isedge", "Create an edge zone"),
        ])

    /// `updateZone`: updates a zone.
    public static let updateZone = CommandDescriptor(
        "updateZone", "Changes a zone's name, DNS servers, network defaults or allocation state.",
        access: .rootAdmin, response: .object(.zone),
        params: [
            .uuid("id", "The zone to change", of: "zone", required: true),
            .string("name", "The zone's new name"),
            .string("dns1", "The first public DNS server"),
            .string("dns2", "The second public DNS server"),
            .string("ip6dns1", "The first IPv6 DNS server"),
            .string("ip6dns2", "The second IPv6 DNS server"),
            .string("internaldns1", "The first DNS server for system traffic"),
            .string("internaldns2", "The second DNS server for system traffic"),
            .string("guestcidraddress", "Default CIDR for guest networks (Advanced zones)"),
            .string("domain", "Network domain given to guest networks; an empty value clears it"),
            .string("allocationstate", "Enabled or Disabled"),
            .string("dhcpprovider", "What answers DHCP in the zone"),
            .boolean("ispublic", "Make a dedicated zone public again"),
            .boolean("localstorageenabled", "Allow offerings that use host-local storage"),
            .list("dnssearchorder", "DNS search domains handed to guests, comma-separated"),
            .map("details", "Extra key/value settings of the zone"),
            .integer("sortkey", "Position of the zone in sorted lists"),
        ])

    /// `deleteZone`: deletes a zone.
    public static let deleteZone = CommandDescriptor(
        "deleteZone", "Deletes a zone that no longer holds pods, networks or storage.",
        access: .rootAdmin, response: .success,
        params: [
            .uuid("id", "The zone to delete", of: "zone", required: true),
        ])
}
