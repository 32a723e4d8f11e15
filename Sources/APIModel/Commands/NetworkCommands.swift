extension Commands {
    /// `createNetwork`: creates a guest network.
    public static let createNetwork = CommandDescriptor(
        "createNetwork", "Creates a guest network from a network offering; Isolated networks get a router when the first VM starts.",
        access: .user, response: .object(.network),
        params: [
            .string("name", "The network's name", required: true),
            .string("displaytext", "A description of the network; defaults to the name"),
            .uuid("networkofferingid", "The offering that decides the network's type and services", of: "networkoffering", required: true),
            .uuid("zoneid", "The zone the network belongs to", of: "zone", required: true),
            .uuid("physicalnetworkid", "The physical network to build the network on", of: "physicalnetwork"),
            .string("gateway", "The network's gateway; needed for Shared networks"),
            .string("netmask", "The network's netmask; needed for Shared networks"),
            .string("startip", "The first address handed to guests"),
            .string("endip", "The last address handed to guests; defaults to startip"),
            .init("vlan", .string, "The VLAN to put the network on (vlan://100 or 100)", access: .rootAdmin),
            .init("bypassvlanoverlapcheck", .boolean, "Allow a VLAN already used by another network", access: .rootAdmin),
            .init("hideipaddressusage", .boolean, "Leave the network's addresses out of usage records", access: .rootAdmin),
            .init("routerip", .string, "The address of the router in a Shared network", access: .rootAdmin),
            .string("isolatedpvlan", "The secondary VLAN for a private-VLAN network"),
            .string("isolatedpvlantype", "community, isolated or promiscuous"),
            .string("networkdomain", "The DNS domain given to guests"),
            .string("acltype", "Account or Domain: who may use the network"),
            .string("account", "The account that will own the network; needs domainid"),
            .uuid("domainid", "The domain of the owning account, or the domain of a Domain network", of: "domain"),
            .boolean("subdomainaccess", "Let subdomains use a Domain network"),
            .string("startipv6", "The first IPv6 address handed to guests"),
            .string("endipv6", "The last IPv6 address handed to guests"),
            .string("ip6gateway", "The IPv6 gateway"),
            .string("ip6cidr", "The IPv6 CIDR, at least /64"),
            .string("dns1", "The first DNS server handed to guests"),
            .string("dns2", "The second DNS server handed to guests"),
            .string("ip6dns1", "The first IPv6 DNS server handed to guests"),
            .string("ip6dns2", "The second IPv6 DNS server handed to guests"),
            .integer("publicmtu", "The MTU of the router's public interface"),
            .integer("privatemtu", "The MTU of the router's guest interface"),
            .string("externalid", "The network's id in an outside system"),
            .init("displaynetwork", .boolean, "Show the network to its users", access: .rootAdmin),
            .uuid("associatednetworkid", "For a Shared network, the Isolated network it is tied to", of: "network"),
            .string("sourcenatipaddress", "The public address to use for source NAT"),
        ])

    /// `updateNetwork`: updates a guest network.
    public static let updateNetwork = CommandDescriptor(
        "updateNetwork", "Changes a network's name, DNS settings or offering; the change may restart its router.",
        access: .user, response: .object(.network), isAsync: true,
        params: [
            .uuid("id", "The network to change", of: "network", required: true),
            .string("name", "The network's new name"),
            .string("displaytext", "The network's new description"),
            .string("networkdomain", "The DNS domain given to guests"),
            .uuid("networkofferingid", "Move the network to this offering", of: "networkoffering"),
            .string("guestvmcidr", "Hand guests addresses only from this part of the network's CIDR"),
            .boolean("changecidr", "Accept a guestvmcidr of a different size"),
            .boolean("updateinsequence", "Update redundant routers one after the other"),
            .string("dns1", "The first DNS server handed to guests"),
            .string("dns2", "The second DNS server handed to guests"),
            .string("ip6dns1", "The first IPv6 DNS server handed to guests"),
            .string("ip6dns2", "The second IPv6 DNS server handed to guests"),
            .integer("publicmtu", "The MTU of the router's public interface"),
            .integer("privatemtu", "The MTU of the router's guest interface"),
            .string("sourcenatipaddress", "The public address to use for source NAT"),
            .init("displaynetwork", .boolean, "Show the network to its users", access: .rootAdmin),
            .init("hideipaddressusage", .boolean, "Leave the network's addresses out of usage records", access: .rootAdmin),
            .init("forced", .boolean, "Apply the change even if cleaning up the old setup fails", access: .rootAdmin),
        ])

    /// `deleteNetwork`: deletes a guest network.
    public static let deleteNetwork = CommandDescriptor(
        "deleteNetwork", "Deletes a network no VM uses, shutting down its router.",
        access: .user, response: .success, isAsync: true,
        params: [
            .uuid("id", "The network to delete", of: "network", required: true),
            .boolean("forced", "Mark the network destroyed even if shutting it down fails"),
        ])

    /// `listNetworks`: lists networks.
    public static let listNetworks = CommandDescriptor(
        "listNetworks", "Lists the networks the caller may see.", access: .user, response: .list(.network),
        params: [
            .uuid("id", "Only the network with this id", of: "network"),
            .string("name", "Only networks with this name"),
            .uuid("zoneid", "Only networks in this zone", of: "zone"),
            .string("type", "Only networks of this type (Isolated, Shared, L2 or all)"),
            .boolean("issystem", "Only system networks, or only guest networks"),
            .string("acltype", "Only networks with this ACL type (Account or Domain)"),
            .string("traffictype", "Only networks carrying this traffic type"),
            .uuid("physicalnetworkid", "Only networks on this physical network", of: "physicalnetwork"),
            .uuid("networkofferingid", "Only networks created from this offering", of: "networkoffering"),
            .list("supportedservices", "Only networks offering all these services, comma-separated"),
            .boolean("restartrequired", "Only networks that need (or do not need) a restart"),
            .boolean("specifyipranges", "Only networks whose address ranges are given by hand"),
            .boolean("canusefordeploy", "Only networks VMs can be deployed on now"),
            .boolean("forvpc", "Only VPC tiers, or only networks outside VPCs"),
            .uuid("associatednetworkid", "Only networks tied to this network", of: "network"),
            .string("networkfilter", "account, domain, accountdomain, shared or all (default)"),
            .init("vlan", .string, "Only networks on this VLAN", access: .rootAdmin),
            .init("displaynetwork", .boolean, "Only networks shown (or hidden) to users", access: .rootAdmin),
            .map("tags", "Only networks carrying these resource tags"),
        ] + .accountScope + .paging)

    /// `listNetworkOfferings`: lists network offerings.
    public static let listNetworkOfferings = CommandDescriptor(
        "listNetworkOfferings", "Lists network offerings and the services they provide.",
        access: .user, response: .list(.networkoffering),
        params: [
            .uuid("id", "Only the offering with this id", of: "networkoffering"),
            .string("name", "Only offerings with this name"),
            .string("displaytext", "Only offerings with this description"),
            .string("traffictype", "Only offerings for this traffic type"),
            .boolean("isdefault", "Only the built-in default offerings"),
            .boolean("specifyvlan", "Only offerings that take (or do not take) a VLAN"),
            .string("availability", "Only offerings with this availability (Required, Optional)"),
            .uuid("domainid", "Only offerings usable in this domain", of: "domain"),
            .uuid("zoneid", "Only offerings usable in this zone", of: "zone"),
            .string("state", "Only offerings in this state (Enabled, Disabled)"),
            .uuid("networkid", "Only offerings this network may move to", of: "network"),
            .string("guestiptype", "Only offerings of this type (Isolated, Shared, L2)"),
            .list("supportedservices", "Only offerings providing all these services, comma-separated"),
            .boolean("sourcenatsupported", "Only offerings with source NAT"),
            .boolean("specifyipranges", "Only offerings whose networks take address ranges by hand"),
            .string("tags", "Only offerings with these tags", length: 4096),
            .boolean("istagged", "Only offerings that have tags"),
            .boolean("forvpc", "Only offerings for VPC tiers, or only the others"),
        ] + .paging)

    /// `createVlanIpRange`: adds an address range.
    public static let createVlanIpRange = CommandDescriptor(
        "createVlanIpRange", "Adds a range of public addresses to a zone, or of guest addresses to a Shared network.",
        access: .rootAdmin, response: .object(.vlan),
        params: [
            .uuid("zoneid", "The zone of the range", of: "zone"),
            .uuid("podid", "The pod of the range, for untagged direct ranges", of: "pod"),
            .uuid("networkid", "The network the range serves", of: "network"),
            .uuid("physicalnetworkid", "The physical network of the range", of: "physicalnetwork"),
            .string("vlan", "The VLAN the range lives on; defaults to the network's VLAN or untagged"),
            .string("gateway", "The range's gateway"),
            .string("netmask", "The range's netmask"),
            .string("startip", "The first address"),
            .string("endip", "The last address"),
            .boolean("forvirtualnetwork", "true for public addresses behind virtual routers, false for direct ranges"),
            .boolean("forsystemvms", "Keep the range for system VMs"),
            .string("account", "Dedicate the range to this account; needs domainid"),
            .uuid("domainid", "Dedicate the range to this domain, or the domain of that account", of: "domain"),
            .string("startipv6", "The first IPv6 address"),
            .string("endipv6", "The last IPv6 address"),
            .string("ip6gateway", "The IPv6 gateway"),
            .string("ip6cidr", "The IPv6 CIDR, at least /64"),
        ])

    /// `deleteVlanIpRange`: removes an address range.
    public static let deleteVlanIpRange = CommandDescriptor(
        "deleteVlanIpRange", "Removes an address range none of whose addresses are in use.",
        access: .rootAdmin, response: .success,
        params: [
            .uuid("id", "The range to remove", of: "vlaniprange", required: true),
        ])

    /// `listVlanIpRanges`: lists address ranges.
    public static let listVlanIpRanges = CommandDescriptor(
        "listVlanIpRanges", "Lists public and shared-network address ranges.", access: .rootAdmin, response: .list(.vlanIpRange),
        params: [
            .uuid("id", "Only the range with this id", of: "vlaniprange"),
            .uuid("zoneid", "Only ranges in this zone", of: "zone"),
            .uuid("podid", "Only ranges in this pod", of: "pod"),
            .uuid("networkid", "Only ranges of this network", of: "network"),
            .uuid("physicalnetworkid", "Only ranges on this physical network", of: "physicalnetwork"),
            .string("vlan", "Only ranges on this VLAN"),
            .boolean("forvirtualnetwork", "Only public (true) or direct (false) ranges"),
            .string("account", "Only ranges dedicated to this account; needs domainid"),
            .uuid("domainid", "Only ranges dedicated to this domain", of: "domain"),
        ] + .paging)
}
