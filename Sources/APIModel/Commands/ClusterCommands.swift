extension Commands {
    /// `addCluster`: adds a cluster.
    public static let addCluster = CommandDescriptor(
        "addCluster", "Adds a cluster of hosts that run one hypervisor and share primary storage.",
        access: .rootAdmin, response: .list(.cluster),
        params: [
            .string("clustername", "The cluster's name", required: true),
            .string("clustertype", "CloudManaged (hosts added one by one) or ExternalManaged", required: true),
            .string("hypervisor", "The hypervisor every host of the cluster runs (KVM, …)", required: true),
            .uuid("podid", "The pod the cluster belongs to", of: "pod", required: true),
            .uuid("zoneid", "The zone the cluster belongs to", of: "zone", required: true),
            .string("url", "Where an externally managed cluster is reached"),
            .string("username", "The user name for an externally managed cluster"),
            .string("password", "The password for an externally managed cluster"),
            .string("allocationstate", "Enabled or Disabled"),
            .string("arch", "The CPU architecture of the hosts (x86_64 or aarch64)"),
        ])

    /// `updateCluster`: updates a cluster.
    public static let updateCluster = CommandDescriptor(
        "updateCluster", "Changes a cluster's name, allocation state or managed state.",
        access: .rootAdmin, response: .object(.cluster),
        params: [
            .uuid("id", "The cluster to change", of: "cluster", required: true),
            .string("clustername", "The cluster's new name"),
            .string("hypervisor", "The cluster's hypervisor"),
            .string("clustertype", "CloudManaged or ExternalManaged"),
            .string("allocationstate", "Enabled or Disabled"),
            .string("managedstate", "Managed or Unmanaged"),
            .string("arch", "The CPU architecture of the hosts (x86_64 or aarch64)"),
        ])

    /// `deleteCluster`: deletes a cluster.
    public static let deleteCluster = CommandDescriptor(
        "deleteCluster", "Deletes a cluster that no longer holds hosts or primary storage.",
        access: .rootAdmin, response: .success,
        params: [
            .uuid("id", "The cluster to delete", of: "cluster", required: true),
        ])

    /// `listClusters`: lists clusters.
    public static let listClusters = CommandDescriptor(
        "listClusters", "Lists clusters, optionally with their capacity.", access: .rootAdmin, response: .list(.cluster),
        params: [
            .uuid("id", "Only the cluster with this id", of: "cluster"),
            .string("name", "Only the cluster with this name"),
            .uuid("podid", "Only clusters in this pod", of: "pod"),
            .uuid("zoneid", "Only clusters in this zone", of: "zone"),
            .string("hypervisor", "Only clusters running this hypervisor"),
            .string("clustertype", "Only clusters of this type"),
            .string("allocationstate", "Only clusters in this allocation state"),
            .string("managedstate", "Only clusters in this managed state"),
            .boolean("showcapacities", "Add capacity figures to each cluster"),
            .string("arch", "Only clusters of this CPU architecture"),
        ] + .paging)
}
