extension Commands {
    /// `deployVirtualMachine`: creates a VM and, unless told otherwise, starts it.
    public static let deployVirtualMachine = CommandDescriptor(
        "deployVirtualMachine",
        "Creates a virtual machine from a template (or a blank disk and an ISO) with a compute offering, on one or more guest networks, and starts it unless startvm is false. The new VM's id is in the immediate answer.",
        access: .user, response: .object(.virtualMachine), isAsync: true, createsResource: true,
        params: [
            .uuid("serviceofferingid", "The compute offering: vCPUs, speed and memory", of: "serviceoffering", required: true),
            .uuid("zoneid", "The zone to deploy in", of: "zone", required: true),
            .uuid("templateid", "The template to make the ROOT disk from, or a bootable ISO to install from", of: "template", required: true),
            .uuid("diskofferingid", "For a template: the offering of a data disk made with the VM; for an ISO: the offering of the blank ROOT disk", of: "diskoffering"),
            .long("size", "The size in GiB of that disk, for a disk offering with a custom size"),
            .long("rootdisksize", "The size in GiB of the ROOT disk, at least the template's size; details[0].rootdisksize wins over it"),
            .string("hypervisor", "The hypervisor to deploy on; only KVM is accepted"),
            .uuids("networkids", "The guest networks to put the VM on, the first one carrying the default route; not with iptonetworklist", of: "network"),
            .string("ipaddress", "The address the VM gets on its default network; not with iptonetworklist"),
            .map("iptonetworklist", "Networks with a chosen address each, in NIC order: iptonetworklist[0].networkid=<id>&iptonetworklist[0].ip=<address> (ip is optional); not with networkids or ipaddress"),
            .string("name", "The guest's host name: letters, digits and hyphens, starting with a letter, at most 63 characters; VM-<id> when left out"),
            .string("displayname", "A name to show; the host name when left out"),
            .string("group", "A free-form group name for the VM"),
            .string("keypair", "An SSH key pair of the VM's account whose public key the guest receives"),
            .list("keypairs", "Several SSH key pairs of the VM's account, comma-separated"),
            .init("userdata", .string, "Base64 user data handed to the guest on its config drive (send large values with POST)", length: 1_048_576),
            .boolean("startvm", "Whether to start the VM once it is created (default true)"),
            .map("details", "Custom parameters: details[0].<name>=<value>, one or more names per entry (for example cpuNumber, cpuSpeed and memory for a custom offering, or rootdisksize)"),
            .string("account", "The account to deploy the VM for; needs domainid (administrators, or the caller's own account)"),
            .uuid("domainid", "The domain of that account", of: "domain"),
            .uuid("hostid", "Deploy on this host", of: "host", access: .rootAdmin),
            .uuid("podid", "Deploy in this pod", of: "pod", access: .rootAdmin),
            .uuid("clusterid", "Deploy in this cluster", of: "cluster", access: .rootAdmin),
            .uuid("projectid", "The project to deploy for (not supported: Cumulo has no projects)", of: "project"),
            .string("password", "A password for the guest (not supported: password-enabled templates get a generated one)").notSupported(),
            .string("boottype", "BIOS (UEFI is not supported)"),
            .string("bootmode", "Legacy (Secure is not supported)"),
            .boolean("bootintosetup", "Accepted for compatibility; ignored on KVM"),
            .string("keyboard", "Accepted for compatibility and ignored"),
            .boolean("dynamicscalingenabled", "Accepted for compatibility; Cumulo does not scale running VMs"),
            .boolean("copyimagetags", "Accepted for compatibility; Cumulo has no tags yet"),
            .init("displayvm", .boolean, "Whether to show the VM to its owner (accepted and ignored)", access: .rootAdmin),
            .init("deploymentplanner", .string, "Accepted for compatibility; Cumulo has one planner", access: .rootAdmin),
            .boolean("iothreadsenabled", "Accepted for compatibility and ignored"),
            .string("iodriverpolicy", "Accepted for compatibility and ignored"),
            .integer("nicmultiqueuenumber", "Accepted for compatibility and ignored"),
            .boolean("nicpackedvirtqueuesenabled", "Accepted for compatibility and ignored"),
            .uuids("securitygroupids", "Security groups (not supported)", of: "securitygroup").notSupported(),
            .list("securitygroupnames", "Security groups by name (not supported)").notSupported(),
            .uuids("affinitygroupids", "Affinity groups (not supported)", of: "affinitygroup").notSupported(),
            .list("affinitygroupnames", "Affinity groups by name (not supported)").notSupported(),
            .string("ip6address", "An IPv6 address (not supported)").notSupported(),
            .string("macaddress", "A chosen MAC address (not supported)").notSupported(),
            .map("dhcpoptionsnetworklist", "Extra DHCP options per network (not supported)").notSupported(),
            .map("datadiskofferinglist", "Data disks from the template's data disk images (not supported)").notSupported(),
            .init("extraconfig", .string, "Extra hypervisor configuration (not supported)", length: 5120).notSupported(),
            .map("properties", "vApp properties (not supported)").notSupported(),
            .map("nicnetworklist", "vApp NIC to network mapping (not supported)").notSupported(),
            .uuid("userdataid", "Registered user data (not supported; pass userdata)", of: "userdata").notSupported(),
            .map("userdatadetails", "Values for registered user data (not supported)").notSupported(),
            .uuid("overridediskofferingid", "A disk offering for the ROOT disk instead of the compute offering's (not supported)", of: "diskoffering").notSupported(),
            .uuid("volumeid", "Deploy from an existing volume (not supported)", of: "volume").notSupported(),
            .uuid("snapshotid", "Deploy from a snapshot (not supported)", of: "snapshot").notSupported(),
            .integer("leaseduration", "Days the VM is leased for (not supported)").notSupported(),
            .string("leaseexpiryaction", "What to do when the lease ends (not supported)").notSupported(),
            .map("externaldetails", "Details for external orchestrators (not supported)").notSupported(),
            .string("customid", "A chosen id for the VM (not supported)").notSupported(),
        ])

    /// `startVirtualMachine`: starts a stopped VM.
    public static let startVirtualMachine = CommandDescriptor(
        "startVirtualMachine", "Starts a stopped virtual machine, on the host it ran on last when that host still has room.",
        access: .user, response: .object(.virtualMachine), isAsync: true,
        params: [
            .uuid("id", "The VM to start", of: "virtualmachine", required: true),
            .uuid("hostid", "Start it on this host", of: "host", access: .rootAdmin),
            .uuid("podid", "Start it in this pod (not supported)", of: "pod", access: .rootAdmin).notSupported(),
            .uuid("clusterid", "Start it in this cluster (not supported)", of: "cluster", access: .rootAdmin).notSupported(),
            .init("considerlasthost", .boolean, "Whether to try the last host first (default true)", access: .rootAdmin),
            .init("deploymentplanner", .string, "Accepted for compatibility; Cumulo has one planner", access: .rootAdmin),
            .boolean("bootintosetup", "Accepted for compatibility; ignored on KVM"),
        ])

    /// `stopVirtualMachine`: stops a running VM.
    public static let stopVirtualMachine = CommandDescriptor(
        "stopVirtualMachine", "Stops a running virtual machine: asks the guest to shut down, or turns it off at once when forced.",
        access: .user, response: .object(.virtualMachine), isAsync: true,
        params: [
            .uuid("id", "The VM to stop", of: "virtualmachine", required: true),
            .boolean("forced", "Turn the VM off without waiting for the guest to shut down"),
        ])

    /// `rebootVirtualMachine`: reboots a running VM.
    public static let rebootVirtualMachine = CommandDescriptor(
        "rebootVirtualMachine", "Reboots a running virtual machine on its host.",
        access: .user, response: .object(.virtualMachine), isAsync: true,
        params: [
            .uuid("id", "The VM to reboot", of: "virtualmachine", required: true),
            .boolean("forced", "Turn the VM off and start it again instead of rebooting the guest"),
            .boolean("bootintosetup", "Accepted for compatibility; ignored on KVM"),
        ])

    /// `destroyVirtualMachine`: destroys a VM, recoverably unless expunged.
    public static let destroyVirtualMachine = CommandDescriptor(
        "destroyVirtualMachine", "Stops a virtual machine if it runs and marks it Destroyed; an administrator can recover it until it is expunged. With expunge it is removed at once.",
        access: .user, response: .object(.virtualMachine), isAsync: true,
        params: [
            .uuid("id", "The VM to destroy", of: "virtualmachine", required: true),
            .boolean("expunge", "Remove the VM and its ROOT disk at once instead of keeping it recoverable"),
            .uuids("volumeids", "Data disks of the VM to detach and delete with it", of: "volume"),
        ])

    /// `recoverVirtualMachine`: brings a destroyed VM back.
    public static let recoverVirtualMachine = CommandDescriptor(
        "recoverVirtualMachine", "Brings a destroyed virtual machine back; it is Stopped afterwards.",
        access: .domainAdmin, response: .object(.virtualMachine),
        params: [
            .uuid("id", "The VM to recover", of: "virtualmachine", required: true),
        ])

    /// `expungeVirtualMachine`: removes a destroyed VM for good.
    public static let expungeVirtualMachine = CommandDescriptor(
        "expungeVirtualMachine", "Removes a destroyed virtual machine for good: its disk files, addresses and records.",
        access: .domainAdmin, response: .success, isAsync: true,
        params: [
            .uuid("id", "The VM to expunge", of: "virtualmachine", required: true),
        ])

    /// `attachIso`: puts an ISO into a VM's CD-ROM drive.
    public static let attachIso = CommandDescriptor(
        "attachIso", "Inserts a ready ISO into a virtual machine's CD-ROM drive, at once when the VM runs.",
        access: .user, response: .object(.virtualMachine), isAsync: true,
        params: [
            .uuid("id", "The ISO to insert", of: "iso", required: true),
            .uuid("virtualmachineid", "The VM", of: "virtualmachine", required: true),
            .boolean("forced", "Eject an ISO already inserted first (accepted; ignored on KVM)"),
        ])

    /// `detachIso`: empties a VM's CD-ROM drive.
    public static let detachIso = CommandDescriptor(
        "detachIso", "Ejects the ISO from a virtual machine's CD-ROM drive, at once when the VM runs.",
        access: .user, response: .object(.virtualMachine), isAsync: true,
        params: [
            .uuid("virtualmachineid", "The VM", of: "virtualmachine", required: true),
            .boolean("forced", "Accepted for compatibility; ignored on KVM"),
        ])

    /// `updateVirtualMachine`: changes a VM's names, group, HA flag, user data, OS type or details.
    public static let updateVirtualMachine = CommandDescriptor(
        "updateVirtualMachine", "Changes a virtual machine's display name, host name, group, HA flag, user data, guest OS type or custom parameters; the guest sees a new host name or user data from its next start.",
        access: .user, response: .object(.virtualMachine),
        params: [
            .uuid("id", "The VM to change", of: "virtualmachine", required: true),
            .string("displayname", "A new display name"),
            .string("name", "A new host name (the VM must be stopped)"),
            .string("group", "A new group; an empty value removes the VM from its group"),
            .boolean("haenable", "Whether to restart the VM elsewhere when its host fails"),
            .init("userdata", .string, "New Base64 user data for the config drive", length: 1_048_576),
            .uuid("ostypeid", "A new guest OS type", of: "ostype"),
            .map("details", "Custom parameters that replace the current ones: details[0].<name>=<value>"),
            .boolean("cleanupdetails", "Remove all custom parameters"),
            .boolean("isdynamicallyscalable", "Accepted for compatibility; Cumulo does not scale running VMs"),
            .init("displayvm", .boolean, "Whether to show the VM to its owner (accepted and ignored)", access: .rootAdmin),
            .boolean("deleteprotection", "Protect the VM from deletion (not supported)").notSupported(),
            .uuids("securitygroupids", "Security groups (not supported)", of: "securitygroup").notSupported(),
            .list("securitygroupnames", "Security groups by name (not supported)").notSupported(),
            .init("extraconfig", .string, "Extra hypervisor configuration (not supported)", length: 5120).notSupported(),
            .uuid("userdataid", "Registered user data (not supported; pass userdata)", of: "userdata").notSupported(),
            .map("userdatadetails", "Values for registered user data (not supported)").notSupported(),
            .string("customid", "A chosen id for the VM (not supported)").notSupported(),
        ])

    /// `resetSSHKeyForVirtualMachine`: replaces a VM's SSH keys.
    public static let resetSSHKeyForVirtualMachine = CommandDescriptor(
        "resetSSHKeyForVirtualMachine", "Replaces the SSH key pairs of a stopped virtual machine; the guest receives them on its config drive at its next start.",
        access: .user, response: .object(.virtualMachine), isAsync: true,
        responseName: "resetSSHKeyforvirtualmachineresponse",
        params: [
            .uuid("id", "The VM", of: "virtualmachine", required: true),
            .string("keypair", "An SSH key pair of the VM's account"),
            .list("keypairs", "Several SSH key pairs of the VM's account, comma-separated"),
            .string("account", "The account owning the key pairs (the VM's); needs domainid"),
            .uuid("domainid", "The domain of that account", of: "domain"),
            .uuid("projectid", "The project owning the key pairs (not supported: Cumulo has no projects)", of: "project"),
        ])

    /// `listVirtualMachines`: lists VMs.
    public static let listVirtualMachines = CommandDescriptor(
        "listVirtualMachines", "Lists the virtual machines the caller may see, with their NICs; by default only the caller's own, listall=true for all visible ones.",
        access: .user, response: .list(.virtualMachine),
        params: [
            .uuid("id", "Only the VM with this id", of: "virtualmachine"),
            .uuids("ids", "Only the VMs with these ids", of: "virtualmachine"),
            .string("name", "Only VMs with this host name"),
            .string("state", "Only VMs in this state (Running, Stopped, Destroyed, …), or Present for all but Destroyed and Expunging ones"),
            .uuid("zoneid", "Only VMs in this zone", of: "zone"),
            .uuid("templateid", "Only VMs made from this template", of: "template"),
            .uuid("isoid", "Only VMs with this ISO inserted", of: "iso"),
            .uuid("serviceofferingid", "Only VMs of this compute offering", of: "serviceoffering"),
            .uuid("networkid", "Only VMs with a NIC on this network", of: "network"),
            .string("keypair", "Only VMs that have this SSH key pair"),
            .boolean("haenable", "Only VMs with (or without) HA enabled"),
            .string("hypervisor", "Only VMs on this hypervisor (KVM)"),
            .uuid("hostid", "Only VMs on this host", of: "host", access: .rootAdmin),
            .uuid("podid", "Only VMs in this pod", of: "pod", access: .rootAdmin),
            .uuid("clusterid", "Only VMs in this cluster", of: "cluster", access: .rootAdmin),
            .list("details", "Which details to include: all, group, nics, stats, secgrp, tmpl, servoff, diskoff, backoff, iso, volume, min, affgrp (accepted; every answer holds all of them)"),
            .boolean("retrieveonlyresourcecount", "Answer with the count only"),
            .boolean("userdata", "Whether to include user data (it never is)"),
            .boolean("showicon", "Accepted for compatibility; Cumulo has no icons"),
            .init("displayvm", .boolean, "Only VMs shown (or hidden) to their owners; every VM is shown", access: .rootAdmin),
            .uuid("projectid", "Only VMs of this project (projects are not supported)", of: "project"),
            .map("tags", "Only VMs with these tags (accepted; Cumulo has no tags yet)"),
        ] + .accountScope + .paging)
}
