extension ResponseSchema {
    /// A traffic type on a physical network (Guest, Public, Management, Storage) with its host labels.
    public static let traffictype = ResponseSchema("traffictype", [
        .init("id", "string", "the traffic type's id"),
        .init("traffictype", "string", "Guest, Public, Management or Storage"),
        .init("physicalnetworkid", "string", "the physical network it belongs to"),
        .init("xennetworklabel", "string", "the host network that carries it on XenServer hosts"),
        .init("kvmnetworklabel", "string", "the bridge that carries it on KVM hosts"),
        .init("vmwarenetworklabel", "string", "the host network that carries it on VMware hosts"),
        .init("vlan", "string", "the VLAN used for management traffic, if any"),
        .init("isolationmethods", "string", "how the traffic is isolated"),
    ])
}
