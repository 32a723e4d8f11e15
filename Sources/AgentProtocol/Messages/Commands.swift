/// A command with its id, as the server sends it.
public struct CommandRequest: Codable, Sendable, Equatable {
    public var id: Int
    public var command: AgentCommand
    /// How long the server waits for the answer; the agent may use it to bound its own work.
    public var timeoutSeconds: Double

    public init(id: Int, command: AgentCommand, timeoutSeconds: Double) {
        self.id = id
        self.command = command
        self.timeoutSeconds = timeoutSeconds
    }
}

/// The answer to one command: a result, or the reason it failed.
public struct CommandAnswer: Codable, Sendable, Equatable {
    public var id: Int
    public var outcome: CommandOutcome

    public init(id: Int, outcome: CommandOutcome) {
        self.id = id
        self.outcome = outcome
    }
}

/// Success with a result, or failure with a readable reason.
public enum CommandOutcome: Codable, Sendable, Equatable {
    case success(CommandResult)
    case failure(String)
}

/// Everything the management server can ask an agent to do.
public enum AgentCommand: Codable, Sendable, Equatable {
    /// Sent after addHost adopts the agent, and on every reconnect of an adopted host.
    case adopt(Adoption)
    /// Make a primary storage pool usable on this host and report its capacity.
    case attachPool(PoolSpec)
    /// Stop using a pool on this host (its data stays).
    case detachPool(poolId: String)
    /// Make sure the bridge and DHCP service of a guest network exist on this host, with exactly these reservations.
    case ensureNetwork(GuestNetworkSpec)
    /// Remove a guest network's bridge and DHCP service from this host.
    case removeNetwork(networkId: String)
    case startVM(VMSpec)
    /// Graceful shutdown, then forced after `timeoutSeconds` (or at once with `force`).
    case stopVM(name: String, force: Bool, timeoutSeconds: Double)
    case rebootVM(name: String)
    /// Power off and undefine; the VM's volumes stay.
    case destroyVM(name: String)
    case attachISO(vmName: String, iso: DiskSource)
    case detachISO(vmName: String)
    /// Plugs a DATA disk into a VM at `disk.deviceId` (target `vd<letter>` of that id): live and persistent when
    /// the VM runs, persistent only when it is defined but off. Attaching the same source again changes nothing.
    case attachDisk(vmName: String, disk: DiskSpec)
    /// Unplugs the disk at `deviceId`, live and from the definition. Not an error when no disk is there; fails
    /// when a running guest does not release the disk in time (it stays attached until the guest does).
    case detachDisk(vmName: String, deviceId: Int)
    case createVolume(VolumeSpec)
    case resizeVolume(poolId: String, name: String, sizeBytes: Int64)
    case deleteVolume(poolId: String, name: String)
    case hostStats
    case vmStats(names: [String])
    /// The power state of one VM as the host sees it now.
    case checkVM(name: String)
}

/// What a successful command returns.
public enum CommandResult: Codable, Sendable, Equatable {
    case done
    case pool(PoolReport)
    case vm(VMPowerReport)
    case volume(VolumeReport)
    case hostStats(HostStats)
    case vmStats([VMStats])
}

/// Where an adopted host belongs, and the pools it should attach right away.
public struct Adoption: Codable, Sendable, Equatable {
    public var hostId: String
    public var zoneId: String
    public var podId: String
    public var clusterId: String
    public var pools: [PoolSpec]

    public init(hostId: String, zoneId: String, podId: String, clusterId: String, pools: [PoolSpec]) {
        self.hostId = hostId
        self.zoneId = zoneId
        self.podId = podId
        self.clusterId = clusterId
        self.pools = pools
    }
}
