/// Why the planner passed over one host, with every reason that applies once the host is usable at all.
///
/// Gate checks stop at the first that fails, in this order: avoided, zone, pod and cluster allocation
/// states, host status (must be Up), resource state (must be Enabled), CPU cores and speed. A host that
/// passes them is measured on CPU, memory and storage, and every shortfall is listed.
public struct HostRejection: Sendable, Equatable, CustomStringConvertible {
    public var hostId: String
    public var hostName: String
    public var reasons: [Reason]

    public init(hostId: String, hostName: String, reasons: [Reason]) {
        self.hostId = hostId
        self.hostName = hostName
        self.reasons = reasons
    }

    /// One reason, as data; `description` words it.
    public enum Reason: Sendable, Equatable, CustomStringConvertible {
        /// An earlier attempt failed on this host.
        case avoided
        case zoneDisabled(zone: String)
        case podDisabled(pod: String)
        case clusterDisabled(cluster: String)
        /// The host belongs to no pod or cluster the snapshot knows.
        case notInCluster
        /// The host's connection is not Up.
        case status(HostStatus)
        /// The host is not Enabled (Disabled, in maintenance…).
        case resourceState(HostResourceState)
        case tooFewCores(has: Int, needed: Int)
        case cpuTooSlow(hasMHz: Int64, neededMHz: Int64)
        case insufficientCPU(freeMHz: Int64, neededMHz: Int64)
        case insufficientMemory(freeBytes: Int64, neededBytes: Int64)
        /// No pool the host reaches has room; every pool it reaches is listed with its own reason.
        case insufficientStorage(cluster: String, neededBytes: Int64, pools: [PoolRejection])
        /// The host cannot reach the pool the VM's volumes live on.
        case volumePoolUnreachable(pool: String)

        public var description: String {
            switch self {
            case .avoided: "avoided after an earlier failure"
            case .zoneDisabled(let zone): "zone \(zone) is Disabled"
            case .podDisabled(let pod): "pod \(pod) is Disabled"
            case .clusterDisabled(let cluster): "cluster \(cluster) is Disabled"
            case .notInCluster: "not in a known pod and cluster"
            case .status(let status): status.rawValue
            case .resourceState(let state): state == .disabled ? "Disabled" : "in \(state.rawValue)"
            case .tooFewCores(let has, let needed): "\(has) CPU cores, \(needed) needed"
            case .cpuTooSlow(let has, let needed): "CPU speed \(has) MHz, \(needed) MHz needed"
            case .insufficientCPU(let free, let needed): "\(max(0, free)) MHz CPU free, \(needed) MHz needed"
            case .insufficientMemory(let free, let needed):
                "\(CapacityUnits.megabytes(free)) memory free, \(CapacityUnits.megabytes(needed)) needed"
            case .insufficientStorage(let cluster, let needed, let pools):
                pools.isEmpty
                    ? "no primary storage in cluster \(cluster)"
                    : "no primary storage in cluster \(cluster) has \(CapacityUnits.size(needed)) free ("
                        + pools.map(\.description).joined(separator: ", ") + ")"
            case .volumePoolUnreachable(let pool): "cannot reach pool \(pool), which holds the VM's volumes"
            }
        }
    }

    /// `host kvm2: 512 MB memory free, 1024 MB needed`; several reasons are joined with "and".
    public var description: String {
        "host \(hostName): " + reasons.map(\.description).joined(separator: " and ")
    }
}
