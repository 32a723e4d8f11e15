/// The way this host reaches NFS pools, as reported to the server.
public enum NFSAccess: String, Sendable, Equatable {
    /// The kernel mounts the export (libvirt `netfs` pool).
    case kernel
    /// libnfs and qemu's own NFS driver; nothing is mounted.
    case userspace

    /// Settles a preference: a forced mode wins, `auto` takes the kernel client when the host has one.
    /// User space needs an implementation; without one the kernel client is used.
    public static func resolve(_ preference: NFSAccessPreference, userspaceAvailable: Bool,
                               probe: KernelNFSProbe = .system) -> NFSAccess {
        switch preference {
        case .kernel: .kernel
        case .userspace: userspaceAvailable ? .userspace : .kernel
        case .auto: probe.isAvailable() || !userspaceAvailable ? .kernel : .userspace
        }
    }
}
