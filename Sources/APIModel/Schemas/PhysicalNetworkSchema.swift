extension ResponseSchema {
    /// A physical network: the cabling of a zone that guest, public and management traffic ride on.
    public static let physicalnetwork = ResponseSchema("physicalnetwork", [
        .init("id", "string", "the physical network's id"),
        .init("name", "string", "the physical network's name"),
        .init("broadcastdomainrange", "string", "ZONE or POD"),
        .init("zoneid", "string", "the zone the network belongs to"),
        .init("zonename", "string", "the zone's name"),
        .init("state", "string", "Enabled or Disabled"),
        .init("vlan", "string", "the VLAN range set aside for guest networks"),
        .init("domainid", "string", "the domain that owns the network, if any"),
        .init("tags", "string", "the network's tags, comma-separated"),
        .init("isolationmethods", "string", "how guest networks are kept apart (VLAN, VXLAN, …)"),
        .init("networkspeed", "string", "the link speed (1G, 10G, …)"),
    ])
}
