extension Commands {
    /// `createPhysicalNetwork`: creates a physical network.
    public static let createPhysicalNetwork = CommandDescriptor(
        "createPhysicalNetwork", "Creates a physical network in a zone; traffic types and providers are added to it next.",
        access: .rootAdmin, response: .object(.physicalnetwork), isAsync: true, createsResource: true, since: "3.0.0",
        params: [
            .string("name", "The physical network's name", required: true),
            .uuid("zoneid", "The zone the network belongs to", of: "zone", required: true),
            .string("vlan", "The VLAN range set aside for guest networks (e.g. 100-199)"),
            .string("networkspeed", "The link speed (1G or 10G)"),
            .string("broadcastdomainrange", "ZONE (Advanced zones) or POD"),
            .list("isolationmethods", "How guest networks are kept apart (VLAN, VXLAN, …), comma-separated"),
            .list("tags", "Tags for the network, comma-separated"),
            .uuid("domainid", "The domain that owns the network, if it is dedicated", of: "domain"),
        ])

    /// `updatePhysicalNetwork`: updates a physical network.
    public static let updatePhysicalNetwork = CommandDescriptor(
        "updatePhysicalNetwork", "Changes a physical network's guest VLAN range, speed, tags or state.",
        access: .rootAdmin, response: .object(.physicalnetwork), isAsync: true, since: "3.0.0",
        params: [
            .uuid("id", "The physical network to change", of: "physicalnetwork", required: true),
            .string("vlan", "The VLAN range set aside for guest networks"),
            .string("networkspeed", "The link speed (1G or 10G)"),
            .list("tags", "The network's tags, comma-separated"),
            .string("state", "Enabled or Disabled"),
        ])

    /// `deletePhysicalNetwork`: deletes a physical network.
    public static let deletePhysicalNetwork = CommandDescriptor(
        "deletePhysicalNetwork", "Deletes a physical network no guest network uses any more.",
        access: .rootAdmin, response: .success, isAsync: true, since: "3.0.0",
        params: [
            .uuid("id", "The physical network to delete", of: "physicalnetwork", required: true),
        ])

    /// `listPhysicalNetworks`: lists physical networks.
    public static let listPhysicalNetworks = CommandDescriptor(
        "listPhysicalNetworks", "Lists physical networks.", access: .rootAdmin, response: .list(.physicalnetwork),
        since: "3.0.0",
        params: [
            .uuid("id", "Only the physical network with this id", of: "physicalnetwork"),
            .string("name", "Only physical networks with this name"),
            .uuid("zoneid", "Only physical networks in this zone", of: "zone"),
        ] + .paging)

    /// `addTrafficType`: adds a traffic type to a physical network.
    public static let addTrafficType = CommandDescriptor(
        "addTrafficType", "Lets a physical network carry one kind of traffic, naming the host bridge that carries it.",
        access: .rootAdmin, response: .object(.traffictype), isAsync: true, createsResource: true, since: "3.0.0",
        params: [
            .uuid("physicalnetworkid", "The physical network to add the traffic type to", of: "physicalnetwork", required: true),
            .string("traffictype", "Guest, Public, Management or Storage", required: true),
            .string("kvmnetworklabel", "The bridge that carries this traffic on KVM hosts"),
            .string("vmwarenetworklabel", "The host network that carries this traffic on VMware hosts"),
            .string("xennetworklabel", "The host network that carries this traffic on XenServer hosts"),
            .string("vlan", "The VLAN for management traffic, where the hypervisor needs one"),
            .string("isolationmethod", "For public traffic on a network with several isolation methods: vlan (default) or vxlan"),
        ])

    /// `listTrafficTypes`: lists the traffic types of a physical network.
    public static let listTrafficTypes = CommandDescriptor(
        "listTrafficTypes", "Lists the traffic types a physical network carries.", access: .rootAdmin, response: .list(.traffictype),
        since: "3.0.0",
        params: [
            .uuid("physicalnetworkid", "The physical network to look at", of: "physicalnetwork", required: true),
        ] + .paging)

    /// `deleteTrafficType`: removes a traffic type from a physical network.
    public static let deleteTrafficType = CommandDescriptor(
        "deleteTrafficType", "Stops a physical network carrying one kind of traffic.",
        access: .rootAdmin, response: .success, isAsync: true, since: "3.0.0",
        params: [
            .uuid("id", "The traffic type to remove", of: "traffictype", required: true),
        ])
}
