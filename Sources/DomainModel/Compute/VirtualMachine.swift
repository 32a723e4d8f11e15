import Foundation

/// A guest virtual machine (CloudStack's user VM) as the management server records it.
///
/// For a VM deployed from an ISO, `templateId` and `isoId` both hold the ISO's id, as CloudStack
/// records it; the ROOT disk is then a blank volume of the disk offering's size.
public struct VirtualMachine: Codable, Sendable, Equatable {
    public var id: String
    /// The guest's host name (`name` in the API): one host-name label, see `VirtualMachineNames.checkHostName`.
    public var name: String
    public var displayName: String
    /// The hypervisor-side name, `i-<account number>-<vm number>-VM` (see `VirtualMachineNames`);
    /// unique in the cloud, never reused, and unchanged for the VM's life.
    public var instanceName: String
    public var accountId: String
    public var domainId: String
    public var zoneId: String
    public var podId: String?
    public var clusterId: String?
    /// The host the VM runs on, or is being started or stopped on; nil while it is Stopped.
    public var hostId: String?
    /// The host the VM ran on last; a start tries it first.
    public var lastHostId: String?
    /// The template the ROOT disk was made from (the ISO for an ISO deployment).
    public var templateId: String
    /// The ISO attached as a CD-ROM, if any.
    public var isoId: String?
    public var serviceOfferingId: String
    /// The disk offering of the blank ROOT disk (ISO deployments) or of the data disk created with the VM.
    public var diskOfferingId: String?
    public var cpuNumber: Int
    /// MHz per vCPU.
    public var cpuSpeed: Int
    /// MiB.
    public var memory: Int
    public var state: VirtualMachineState = .stopped
    public var haEnabled: Bool = false
    public var group: String?
    /// User data as the API received it (base64 text).
    public var userData: String?
    /// Names of the SSH key pairs, comma-separated (`keypairNames` splits them).
    public var keypairs: String?
    /// Custom parameters (`details` in the API) as a JSON object.
    public var details: String = VirtualMachine.noDetails
    /// The guest password for password-enabled templates; never logged.
    public var password: String?
    public var guestOsId: String
    public var created: Date = Date()
    public var removed: Date?
    /// Row version for compare-and-set state changes.
    public var rowVersion: Int = 0

    public init(
        id: String,
        name: String,
        displayName: String,
        instanceName: String,
        accountId: String,
        domainId: String,
        zoneId: String,
        podId: String? = nil,
        clusterId: String? = nil,
        hostId: String? = nil,
        lastHostId: String? = nil,
        templateId: String,
        isoId: String? = nil,
        serviceOfferingId: String,
        diskOfferingId: String? = nil,
        cpuNumber: Int,
        cpuSpeed: Int,
        memory: Int,
        state: VirtualMachineState = .stopped,
        haEnabled: Bool = false,
        group: String? = nil,
        userData: String? = nil,
        keypairs: String? = nil,
        details: String = VirtualMachine.noDetails,
        password: String? = nil,
        guestOsId: String,
        created: Date = Date(),
        removed: Date? = nil,
        rowVersion: Int = 0
    ) {
        self.id = id
        self.name = name
        self.displayName = displayName
        self.instanceName = instanceName
        self.accountId = accountId
        self.domainId = domainId
        self.zoneId = zoneId
        self.podId = podId
        self.clusterId = clusterId
        self.hostId = hostId
        self.lastHostId = lastHostId
        self.templateId = templateId
        self.isoId = isoId
        self.serviceOfferingId = serviceOfferingId
        self.diskOfferingId = diskOfferingId
        self.cpuNumber = cpuNumber
        self.cpuSpeed = cpuSpeed
        self.memory = memory
        self.state = state
        self.haEnabled = haEnabled
        self.group = group
        self.userData = userData
        self.keypairs = keypairs
        self.details = details
        self.password = password
        self.guestOsId = guestOsId
        self.created = created
        self.removed = removed
        self.rowVersion = rowVersion
    }
}

extension VirtualMachine {
    /// `details` of a VM without custom parameters: an empty JSON object.
    public static let noDetails = "{}"

    /// The key pair names of `keypairs`, trimmed, in the order given, without empty entries.
    public var keypairNames: [String] {
        (keypairs ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// The CPU the VM claims on its host: vCPUs × MHz per vCPU.
    public var cpuNeededMHz: Int64 { Int64(cpuNumber) * Int64(cpuSpeed) }

    /// The memory the VM claims on its host, in bytes.
    public var memoryNeededBytes: Int64 { Int64(memory) * 1_048_576 }
}
