/// CPU and memory allocated on a host: the two figures the host row keeps.
public struct HostAllocation: Sendable, Equatable {
    public var cpuMHz: Int64
    public var memoryBytes: Int64

    public init(cpuMHz: Int64, memoryBytes: Int64) {
        self.cpuMHz = cpuMHz
        self.memoryBytes = memoryBytes
    }
}
