import DomainModel

/// What a new installation starts with: guest OS types, default offerings and network offerings.
enum SeedData {
    static let osCategories: [(String, [String])] = [
        ("CentOS", ["CentOS 6.5 (64-bit)", "CentOS 6.8 (64-bit)", "CentOS 7 (64-bit)", "CentOS 8 (64-bit)"]),
        ("Debian", ["Debian GNU/Linux 11 (64-bit)", "Debian GNU/Linux 12 (64-bit)"]),
        ("Ubuntu", ["Ubuntu 20.04 LTS", "Ubuntu 22.04 LTS", "Ubuntu 24.04 LTS"]),
        ("RedHat", ["Red Hat Enterprise Linux 8", "Red Hat Enterprise Linux 9"]),
        ("Windows", ["Windows Server 2019 (64-bit)", "Windows Server 2022 (64-bit)"]),
        ("Other", ["Other Linux (64-bit)", "Other (64-bit)", "Other PV (64-bit)"]),
    ]

    static func serviceOfferings() -> [ServiceOffering] {
        [
            ServiceOffering(id: ResourceID.make(), name: "Small Instance", displayText: "Small Instance", cpuNumber: 1, cpuSpeed: 500, memory: 512),
            ServiceOffering(id: ResourceID.make(), name: "Medium Instance", displayText: "Medium Instance", cpuNumber: 1, cpuSpeed: 1000, memory: 1024),
        ]
    }

    static func diskOfferings() -> [DiskOffering] {
        [
            DiskOffering(id: ResourceID.make(), name: "Small", displayText: "Small Disk, 5 GB", diskSize: 5),
            DiskOffering(id: ResourceID.make(), name: "Medium", displayText: "Medium Disk, 20 GB", diskSize: 20),
            DiskOffering(id: ResourceID.make(), name: "Large", displayText: "Large Disk, 100 GB", diskSize: 100),
            DiskOffering(id: ResourceID.make(), name: "Custom", displayText: "Custom Disk", diskSize: 0, isCustomized: true),
        ]
    }

    static let guestServices = "Dhcp:Cumulo,Dns:Cumulo,UserData:ConfigDrive"

    static func networkOfferings() -> [NetworkOffering] {
        [
            NetworkOffering(
                id: ResourceID.make(), name: "DefaultSharedNetworkOffering",
                displayText: "Shared guest network with DHCP and DNS from the hosts", guestIpType: "Shared",
                specifyVlan: true, specifyIpRanges: true, services: guestServices),
            NetworkOffering(
                id: ResourceID.make(), name: "DefaultIsolatedNetworkOffering",
                displayText: "Isolated guest network with DHCP and DNS from the hosts", guestIpType: "Isolated",
                availability: "Required", services: guestServices),
            NetworkOffering(
                id: ResourceID.make(), name: "DefaultL2NetworkOffering",
                displayText: "Layer-2 guest network without address management", guestIpType: "L2",
                specifyVlan: true, services: ""),
        ]
    }
}
