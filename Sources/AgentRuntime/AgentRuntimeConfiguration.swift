/// How the agent runs VMs and reaches storage on this host.
public struct AgentRuntimeConfiguration: Sendable, Equatable {
    /// Reported instead of the hypervisor's host name when set.
    public var hostName: String?
    /// Where the agent keeps files of its own that no VM reads (the host credential); may be 0700.
    public var stateDirectory: String
    /// Where the agent keeps files qemu must reach (config-drive images, kernel-NFS mount points): every
    /// directory on the way must be traversable by qemu's unprivileged user under `qemu:///system`.
    public var vmFilesDirectory: String
    /// Which domain type VMs get.
    public var domainType: DomainTypePreference
    /// How NFS pools are reached.
    public var nfsAccess: NFSAccessPreference
    public var agentVersion: String
    /// Seconds a graceful stop waits before forcing the VM off, when the command gives no timeout.
    public var stopTimeoutSeconds: Double
    /// How often a stop checks whether the guest is off yet.
    public var stopPollInterval: Duration
    /// Reported instead of the addresses of the host's interfaces when set.
    public var addresses: [String]?
    /// The ISO 9660 image builder for config drives.
    public var genisoimagePath: String

    /// - Parameter vmFilesDirectory: `defaultVMFilesDirectory(hostName:)` when nil.
    public init(hostName: String? = nil, stateDirectory: String = "/var/lib/cumulo-agent", vmFilesDirectory: String? = nil,
                domainType: DomainTypePreference = .auto,
                nfsAccess: NFSAccessPreference = .auto, agentVersion: String = "0.1.0", stopTimeoutSeconds: Double = 120,
                stopPollInterval: Duration = .milliseconds(500), addresses: [String]? = nil, genisoimagePath: String = "/usr/bin/genisoimage") {
        self.hostName = hostName
        self.stateDirectory = stateDirectory
        self.vmFilesDirectory = vmFilesDirectory ?? Self.defaultVMFilesDirectory(hostName: hostName ?? "localhost")
        self.domainType = domainType
        self.nfsAccess = nfsAccess
        self.agentVersion = agentVersion
        self.stopTimeoutSeconds = stopTimeoutSeconds
        self.stopPollInterval = stopPollInterval
        self.addresses = addresses
        self.genisoimagePath = genisoimagePath
    }

    /// Where kernel-mounted NFS pools are mounted, one directory per pool id.
    public var mountRoot: String { vmFilesDirectory + "/mnt" }
    /// Where config-drive images are kept, one per VM.
    public var configDriveDirectory: String { vmFilesDirectory + "/config-drives" }

    /// Inside libvirt's own tree, which qemu can traverse; one directory per host name so that hosts
    /// sharing a machine (`cumulo-agent simulate`) do not collide.
    public static func defaultVMFilesDirectory(hostName: String) -> String {
        "/var/lib/libvirt/cumulo/" + hostName
    }
}

/// The domain type to run VMs with: the best the host offers, or a forced one the host must offer.
public enum DomainTypePreference: String, Sendable, Equatable, CaseIterable {
    case auto, kvm, qemu
}

/// How NFS pools are reached: detected, forced to the kernel client, or forced to the user-space client.
public enum NFSAccessPreference: String, Sendable, Equatable, CaseIterable {
    case auto, kernel, userspace
}
