/// Bytes received and sent by the host since some fixed moment (usually boot).
public struct NetworkTotals: Sendable, Equatable {
    public var receivedBytes: UInt64
    public var sentBytes: UInt64

    public init(receivedBytes: UInt64, sentBytes: UInt64) {
        self.receivedBytes = receivedBytes
        self.sentBytes = sentBytes
    }
}

/// Host figures the hypervisor does not give: network traffic and load average.
public protocol HostActivitySource: Sendable {
    /// Cumulative traffic over all non-loopback interfaces, or nil when unknown.
    func networkTotals() -> NetworkTotals?
    /// The one-minute load average.
    func loadAverage() -> Double
}
