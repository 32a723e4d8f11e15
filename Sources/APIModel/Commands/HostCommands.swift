extension Commands {
    /// `listHosts`: lists hosts.
    public static let listHosts = CommandDescriptor(
        "listHosts", "Lists hosts with their state, capacity and placement.", access: .rootAdmin, response: .list(.host),
        params: hostFilters + .paging)

    /// `listHostsMetrics`: lists hosts with usage metrics.
    public static let listHostsMetrics = CommandDescriptor(
        "listHostsMetrics", "Lists hypervisor hosts with usage figures in GHz and GiB and threshold flags.",
        access: .rootAdmin, response: .list(.hostMetrics), since: "4.9.3",
        params: hostFilters + .paging)

    /// The filters `listHosts` and `listHostsMetrics` share.
    static let hostFilters: [ParameterDescriptor] = [
        .uuid("id", "Only the host with this id", of: "host"),
        .string("name", "Only the host with this name"),
        .uuid("zoneid", "Only hosts in this zone", of: "zone"),
        .uuid("podid", "Only hosts in this pod", of: "pod"),
        .uuid("clusterid", "Only hosts in this cluster", of: "cluster"),
        .string("type", "Only hosts of this type (Routing, SecondaryStorageVM, ConsoleProxy, …)"),
        .string("state", "Only hosts in this connection state (Up, Down, Disconnected, …)"),
        .string("resourcestate", "Only hosts in this resource state (Enabled, Disabled, Maintenance, …)"),
        .string("hypervisor", "Only hosts running this hypervisor"),
        .boolean("hahost", "Only hosts kept for VMs restarted by HA"),
        .uuid("virtualmachineid", "Only hosts in this VM's cluster, flagged by whether the VM fits", of: "virtualmachine"),
        .boolean("outofbandmanagementenabled", "Only hosts with out-of-band management switched on"),
        .string("outofbandmanagementpowerstate", "Only hosts whose out-of-band power state is this (On, Off, Unknown)"),
        .list("details", "Which details to include: min, all, capacity, events, stats"),
        .string("arch", "Only hosts of this CPU architecture"),
    ]

    /// `addHost`: adds a host.
    public static let addHost = CommandDescriptor(
        "addHost", "Adds a hypervisor host: Cumulo connects to it, sets up the agent and starts monitoring it.",
        access: .rootAdmin, response: .list(.host),
        params: [
            .string("url", "Where to reach the host (http://address or just the address)", required: true),
            .uuid("zoneid", "The zone the host belongs to", of: "zone", required: true),
            .uuid("podid", "The pod the host belongs to", of: "pod", required: true),
            .string("hypervisor", "The hypervisor the host runs (KVM, …)", required: true),
            .uuid("clusterid", "The cluster to add the host to", of: "cluster"),
            .string("clustername", "The name of the cluster to add the host to"),
            .string("username", "The user to log in to the host as"),
            .string("password", "The password of that user"),
            .string("allocationstate", "Enabled or Disabled"),
            .list("hosttags", "Tags for the host, comma-separated"),
        ])

    /// `updateHost`: updates a host.
    public static let updateHost = CommandDescriptor(
        "updateHost", "Changes a host's name, tags, preferred OS category or whether new VMs may be placed on it.",
        access: .rootAdmin, response: .object(.host),
        params: [
            .uuid("id", "The host to change", of: "host", required: true),
            .string("name", "The host's new name"),
            .string("allocationstate", "Enable or Disable placement of new VMs on the host"),
            .list("hosttags", "The host's tags, comma-separated; replaces the old ones").notSupported(),
            .boolean("istagarule", "Treat the host tag as a rule rather than a plain tag").notSupported(),
            .uuid("oscategoryid", "The OS category the host should prefer", of: "oscategory").notSupported(),
            .string("url", "A new address for the host").notSupported(),
            .string("annotation", "A comment about the host").notSupported(),
        ])

    /// `deleteHost`: deletes a host.
    public static let deleteHost = CommandDescriptor(
        "deleteHost", "Removes a host from the cloud; without forced it must be in maintenance and empty.",
        access: .rootAdmin, response: .success,
        params: [
            .uuid("id", "The host to remove", of: "host", required: true),
            .boolean("forced", "Remove the host even if VMs still run on it; HA-enabled VMs restart elsewhere, others stop"),
            .boolean("forcedestroylocalstorage", "Also destroy the host's local storage and the VMs on it"),
        ])

    /// `reconnectHost`: reconnects a host.
    public static let reconnectHost = CommandDescriptor(
        "reconnectHost", "Drops and re-establishes the connection to a host's agent.",
        access: .rootAdmin, response: .object(.host), isAsync: true,
        params: [
            .uuid("id", "The host to reconnect", of: "host", required: true),
        ])

    /// `prepareHostForMaintenance`: puts a host into maintenance.
    public static let prepareHostForMaintenance = CommandDescriptor(
        "prepareHostForMaintenance", "Moves the VMs off a host and stops new placements so it can be serviced.",
        access: .rootAdmin, response: .object(.host), isAsync: true,
        params: [
            .uuid("id", "The host to prepare", of: "host", required: true),
        ])

    /// `cancelHostMaintenance`: brings a host back from maintenance.
    public static let cancelHostMaintenance = CommandDescriptor(
        "cancelHostMaintenance", "Ends a host's maintenance so VMs may be placed on it again.",
        access: .rootAdmin, response: .object(.host), isAsync: true,
        params: [
            .uuid("id", "The host to bring back", of: "host", required: true),
        ])
}
