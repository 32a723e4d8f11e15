/// Fixed figures for hosts without real interfaces to measure, such as simulated ones:
/// traffic at a steady rate (zero by default) and a constant load average.
public struct ConstantHostActivity: HostActivitySource {
    public var receiveBytesPerSecond: Double
    public var sendBytesPerSecond: Double
    public var load: Double
    private let start = ContinuousClock.now

    public init(receiveBytesPerSecond: Double = 0, sendBytesPerSecond: Double = 0, load: Double = 0) {
        self.receiveBytesPerSecond = receiveBytesPerSecond
        self.sendBytesPerSecond = sendBytesPerSecond
        self.load = load
    }

    public func networkTotals() -> NetworkTotals? {
        let elapsed = ContinuousClock.now - start
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return NetworkTotals(receivedBytes: UInt64(seconds * receiveBytesPerSecond), sentBytes: UInt64(seconds * sendBytesPerSecond))
    }

    public func loadAverage() -> Double { load }
}
