extension ResponseSchema {
    /// A cluster: hosts of one hypervisor type that share primary storage.
    public static let cluster = ResponseSchema("cluster", [
        .init("id", "string", "the cluster's id"),
        .init("name", "string", "the cluster's name"),
        .init("podid", "string", "the pod the cluster belongs to"),
        .init("podname", "string", "the pod's name"),
        .init("zoneid", "string", "the zone the cluster belongs to"),
        .init("zonename", "string", "the zone's name"),
        .init("hypervisortype", "string", "the hypervisor every host of the cluster runs (KVM, …)"),
        .init("clustertype", "string", "CloudManaged or ExternalManaged"),
        .init("allocationstate", "string", "Enabled or Disabled; new VMs are only placed in Enabled clusters"),
        .init("managedstate", "string", "Managed or Unmanaged"),
        .capacityList(of: "cluster"),
        .init("cpuovercommitratio", "string", "how far CPU may be overcommitted"),
        .init("memoryovercommitratio", "string", "how far memory may be overcommitted"),
        .init("resourcedetails", "map", "extra key/value settings of the cluster"),
        .init("arch", "string", "the CPU architecture of the cluster's hosts (x86_64 or aarch64)"),
        .init("hasannotations", "boolean", "whether the cluster carries comments"),
    ])
}
