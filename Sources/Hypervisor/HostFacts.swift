/// What a host has: CPU, memory and hypervisor identity.
public struct HostFingerprint: Sendable, Equatable {
    public var hostName: String
    public var cpuModel: String
    public var cpuSockets: Int
    public var cpuCount: Int
    public var cpuSpeedMHz: Int64
    public var memoryBytes: Int64
    /// e.g. `QEMU`, `Test`, `Simulator`.
    public var hypervisorType: String
    public var hypervisorVersion: String
    public var libvirtVersion: String
    /// Domain types this host can run, best first (`kvm` before `qemu`).
    public var domainTypes: [String]

    public init(hostName: String, cpuModel: String, cpuSockets: Int, cpuCount: Int, cpuSpeedMHz: Int64, memoryBytes: Int64,
                hypervisorType: String, hypervisorVersion: String, libvirtVersion: String, domainTypes: [String]) {
        self.hostName = hostName
        self.cpuModel = cpuModel
        self.cpuSockets = cpuSockets
        self.cpuCount = cpuCount
        self.cpuSpeedMHz = cpuSpeedMHz
        self.memoryBytes = memoryBytes
        self.hypervisorType = hypervisorType
        self.hypervisorVersion = hypervisorVersion
        self.libvirtVersion = libvirtVersion
        self.domainTypes = domainTypes
    }
}

/// Cumulative host counters; two samples give utilisation.
public struct HostCounters: Sendable, Equatable {
    /// CPU time spent busy and in total, in nanoseconds, summed over all CPUs.
    public var cpuBusyNanoseconds: UInt64
    public var cpuTotalNanoseconds: UInt64
    public var memoryTotalBytes: Int64
    public var memoryFreeBytes: Int64

    public init(cpuBusyNanoseconds: UInt64, cpuTotalNanoseconds: UInt64, memoryTotalBytes: Int64, memoryFreeBytes: Int64) {
        self.cpuBusyNanoseconds = cpuBusyNanoseconds
        self.cpuTotalNanoseconds = cpuTotalNanoseconds
        self.memoryTotalBytes = memoryTotalBytes
        self.memoryFreeBytes = memoryFreeBytes
    }
}

/// Errors every driver reports the same way.
public struct HypervisorError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Broad classes of failure callers act on.
    public enum Kind: String, Sendable {
        case noDomain, noNetwork, noPool, noVolume, invalidOperation, invalidArgument, connection, failed
    }

    public var kind: Kind
    public var message: String
    /// The driver's own error code (libvirt's `virErrorNumber`), when there is one.
    public var code: Int32

    public init(_ kind: Kind, _ message: String, code: Int32 = 0) {
        self.kind = kind
        self.message = message
        self.code = code
    }

    public var description: String { message }
}
