/// Nested field groups that several response objects share (capacity figures,
/// resource tags, network services), so each is described in one place.
extension ResponseFieldDescriptor {
    /// The `capacity` list a zone, pod or cluster carries when `showcapacities` is set.
    static func capacityList(of owner: String) -> ResponseFieldDescriptor {
        .init("capacity", "list", "capacity figures of the \(owner), when showcapacities is set", nested: [
            .init("type", "short", "the capacity type number"),
            .init("name", "string", "the capacity type name (MEMORY, CPU, STORAGE, …)"),
            .init("zoneid", "string", "the zone the figures belong to"),
            .init("zonename", "string", "the zone's name"),
            .init("podid", "string", "the pod the figures belong to"),
            .init("podname", "string", "the pod's name"),
            .init("clusterid", "string", "the cluster the figures belong to"),
            .init("clustername", "string", "the cluster's name"),
            .init("capacitytotal", "long", "the total capacity"),
            .init("capacityused", "long", "the capacity in use"),
            .init("capacityallocated", "long", "the capacity allocated"),
            .init("percentused", "string", "the share in use, in percent"),
        ])
    }

    /// The `tags` list of key/value resource tags.
    static let resourceTags = ResponseFieldDescriptor("tags", "list", "resource tags attached to the object", nested: [
        .init("key", "string", "the tag's key"),
        .init("value", "string", "the tag's value"),
        .init("resourcetype", "string", "the kind of resource tagged"),
        .init("resourceid", "string", "the id of the resource tagged"),
        .init("account", "string", "the account owning the tag"),
        .init("domainid", "string", "the domain of that account"),
        .init("domain", "string", "the name of that domain"),
    ])

    /// The `service` list of a network or network offering: each service with its providers and capabilities.
    static func serviceList(of owner: String) -> ResponseFieldDescriptor {
        .init("service", "list", "the services the \(owner) offers", nested: [
            .init("name", "string", "the service's name (Dhcp, Dns, SourceNat, …)"),
            .init("provider", "list", "the providers that deliver the service", nested: [
                .init("name", "string", "the provider's name (VirtualRouter, …)"),
                .init("id", "string", "the provider's id"),
                .init("physicalnetworkid", "string", "the physical network the provider is enabled on"),
                .init("destinationphysicalnetworkid", "string", "the physical network traffic is forwarded to, if any"),
                .init("state", "string", "Enabled, Disabled or Shutdown"),
                .init("servicelist", "list", "the services the provider can deliver"),
                .init("canenableindividualservice", "boolean", "whether single services of the provider can be switched on and off"),
            ]),
            .init("capability", "list", "tunable capabilities of the service", nested: [
                .init("name", "string", "the capability's name"),
                .init("value", "string", "the capability's value"),
                .init("canchooseservicecapability", "boolean", "whether an offering may choose this value"),
            ]),
        ])
    }
}

/// The limit/total/available triples accounts and domains report for each resource kind.
enum ResourceLimitFields {
    /// Resource kinds in CloudStack's order, with what one unit counts.
    static let kinds: [(name: String, what: String)] = [
        ("vm", "virtual machines"), ("ip", "public addresses"), ("volume", "volumes"),
        ("snapshot", "snapshots"), ("template", "templates"), ("project", "projects"),
        ("network", "networks"), ("vpc", "VPCs"), ("cpu", "CPU cores"), ("memory", "memory in MiB"),
        ("primarystorage", "primary storage in GiB"), ("secondarystorage", "secondary storage in GiB"),
    ]

    /// `<kind>limit`, `<kind>total` and `<kind>available` for every kind; limits and
    /// availability are strings because they may read "Unlimited".
    static func fields(owner: String) -> [ResponseFieldDescriptor] {
        kinds.flatMap { kind -> [ResponseFieldDescriptor] in
            [
                .init("\(kind.name)limit", "string", "how many \(kind.what) the \(owner) may have"),
                .init("\(kind.name)total", kind.name == "secondarystorage" ? "float" : "long", "how many \(kind.what) the \(owner) has"),
                .init("\(kind.name)available", "string", "how many more \(kind.what) the \(owner) may take"),
            ]
        }
    }
}
