extension ResponseSchema {
    /// A pod: a rack-sized group of clusters sharing one management subnet.
    public static let pod = ResponseSchema("pod", [
        .init("id", "string", "the pod's id"),
        .init("name", "string", "the pod's name"),
        .init("zoneid", "string", "the zone the pod belongs to"),
        .init("zonename", "string", "the zone's name"),
        .init("gateway", "string", "the gateway of the pod's management subnet"),
        .init("netmask", "string", "the netmask of the pod's management subnet"),
        .init("ipranges", "list", "the address ranges reserved for system VMs in the pod", nested: [
            .init("startip", "string", "the first address of the range"),
            .init("endip", "string", "the last address of the range"),
            .init("forsystemvms", "string", "whether the range is kept for system VMs"),
            .init("vlanid", "string", "the VLAN of the range"),
        ]),
        .init("startip", "list", "first addresses of the ranges (older form of ipranges)"),
        .init("endip", "list", "last addresses of the ranges (older form of ipranges)"),
        .init("forsystemvms", "list", "system-VM flags of the ranges (older form of ipranges)"),
        .init("vlanid", "list", "VLANs of the ranges (older form of ipranges)"),
        .init("allocationstate", "string", "Enabled or Disabled; new resources are only placed in Enabled pods"),
        .capacityList(of: "pod"),
        .init("hasannotations", "boolean", "whether the pod carries comments"),
    ])
}
