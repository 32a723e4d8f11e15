extension Commands {
    /// `createPod`: creates a pod.
    public static let createPod = CommandDescriptor(
        "createPod", "Creates a pod in a zone, with the management subnet its hosts and system VMs use.",
        access: .rootAdmin, response: .object(.pod),
        params: [
            .string("name", "The pod's name, unique in the zone", required: true),
            .uuid("zoneid", "The zone the pod belongs to", of: "zone", required: true),
            .string("gateway", "The gateway of the pod's management subnet"),
            .string("netmask", "The netmask of the pod's management subnet"),
            .string("startip", "The first address kept for system VMs in the pod"),
            .string("endip", "The last address kept for system VMs in the pod"),
            .string("allocationstate", "Enabled or Disabled"),
        ])

    /// `updatePod`: updates a pod.
    public static let updatePod = CommandDescriptor(
        "updatePod", "Changes a pod's name, management subnet or allocation state.",
        access: .rootAdmin, response: .object(.pod),
        params: [
            .uuid("id", "The pod to change", of: "pod", required: true),
            .string("name", "The pod's new name"),
            .string("gateway", "The gateway of the pod's management subnet"),
            .string("netmask", "The netmask of the pod's management subnet"),
            .string("startip", "The first address kept for system VMs in the pod"),
            .string("endip", "The last address kept for system VMs in the pod"),
            .string("allocationstate", "Enabled or Disabled"),
        ])

    /// `deletePod`: deletes a pod.
    public static let deletePod = CommandDescriptor(
        "deletePod", "Deletes a pod that no longer holds clusters or hosts.",
        access: .rootAdmin, response: .success,
        params: [
            .uuid("id", "The pod to delete", of: "pod", required: true),
        ])

    /// `listPods`: lists pods.
    public static let listPods = CommandDescriptor(
        "listPods", "Lists pods, optionally with their capacity.", access: .rootAdmin, response: .list(.pod),
        params: [
            .uuid("id", "Only the pod with this id", of: "pod"),
            .string("name", "Only the pod with this name"),
            .uuid("zoneid", "Only pods in this zone", of: "zone"),
            .string("allocationstate", "Only pods in this allocation state (Enabled or Disabled)"),
            .boolean("showcapacities", "Add capacity figures to each pod"),
        ] + .paging)
}
