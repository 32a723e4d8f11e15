/// How busy simulated guests are, for the CPU, network and disk counters the simulator reports.
public struct SimulatedLoad: Sendable, Equatable {
    /// Fraction of each vCPU a running guest keeps busy (0...1).
    public var guestCPU: Double
    /// Fraction of the host's CPUs busy without any guest (0...1).
    public var hostBaselineCPU: Double
    /// Bytes per second each running guest receives and sends on its network.
    public var guestNetworkBytesPerSecond: Int64
    /// Bytes per second each running guest reads and writes on its disks.
    public var guestDiskBytesPerSecond: Int64

    public init(guestCPU: Double = 0.1, hostBaselineCPU: Double = 0.02, guestNetworkBytesPerSecond: Int64 = 0, guestDiskBytesPerSecond: Int64 = 0) {
        self.guestCPU = guestCPU
        self.hostBaselineCPU = hostBaselineCPU
        self.guestNetworkBytesPerSecond = guestNetworkBytesPerSecond
        self.guestDiskBytesPerSecond = guestDiskBytesPerSecond
    }
}
