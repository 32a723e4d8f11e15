extension ResponseSchema {
    /// A public or shared-network address range, as `createVlanIpRange` names it.
    public static let vlan = ResponseSchema("vlan", vlanIpRangeFields)

    /// The same address range, as `listVlanIpRanges` names it.
    public static let vlanIpRange = ResponseSchema("vlaniprange", vlanIpRangeFields)

    /// The fields `vlan` and `vlanIpRange` share.
    static let vlanIpRangeFields: [ResponseFieldDescriptor] = [
        .init("id", "string", "the range's id"),
        .init("forvirtualnetwork", "boolean", "true for public addresses behind virtual routers, false for direct ranges"),
        .init("zoneid", "string", "the zone of the range"),
        .init("vlan", "string", "the VLAN the range lives on (vlan://100 or untagged)"),
        .init("account", "string", "the account the range is dedicated to, if any"),
        .init("domainid", "string", "the domain the range is dedicated to, if any"),
        .init("domain", "string", "the name of that domain"),
        .init("domainpath", "string", "the path of that domain"),
        .init("podid", "string", "the pod of the range, for pod-level ranges"),
        .init("podname", "string", "the pod's name"),
        .init("description", "string", "a short summary of the range"),
        .init("gateway", "string", "the range's gateway"),
        .init("netmask", "string", "the range's netmask"),
        .init("cidr", "string", "the range's CIDR"),
        .init("startip", "string", "the first address"),
        .init("endip", "string", "the last address"),
        .init("networkid", "string", "the network the range serves"),
        .init("projectid", "string", "the project the range is dedicated to, if any"),
        .init("project", "string", "the name of that project"),
        .init("physicalnetworkid", "string", "the physical network of the range"),
        .init("startipv6", "string", "the first IPv6 address"),
        .init("endipv6", "string", "the last IPv6 address"),
        .init("ip6gateway", "string", "the IPv6 gateway"),
        .init("ip6cidr", "string", "the IPv6 CIDR"),
        .init("forsystemvms", "boolean", "whether the range is kept for system VMs"),
        .init("provider", "string", "the network provider the range is kept for, if any"),
    ]
}
