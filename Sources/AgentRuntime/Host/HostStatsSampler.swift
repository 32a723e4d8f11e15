import AgentProtocol
import Hypervisor
import Synchronization

/// Turns cumulative host counters into utilisation figures by comparing each sample with the previous one.
final class HostStatsSampler: Sendable {
    private struct Previous {
        var counters: HostCounters?
        var network: NetworkTotals?
        var networkAt: ContinuousClock.Instant?
    }

    private let driver: any HypervisorDriver
    private let activity: any HostActivitySource
    private let previous = Mutex(Previous())

    init(driver: any HypervisorDriver, activity: any HostActivitySource) {
        self.driver = driver
        self.activity = activity
    }

    /// Takes a sample and reports utilisation since the previous one (zero CPU for the very first).
    func sample() async throws -> HostStats {
        let counters = try await driver.hostCounters()
        let network = activity.networkTotals()
        let now = ContinuousClock.now
        let load = activity.loadAverage()
        return previous.withLock { previous in
            defer {
                previous.counters = counters
                if let network {
                    previous.network = network
                    previous.networkAt = now
                }
            }
            var cpu = 0.0
            if let before = previous.counters, counters.cpuTotalNanoseconds > before.cpuTotalNanoseconds,
               counters.cpuBusyNanoseconds >= before.cpuBusyNanoseconds {
                let busy = Double(counters.cpuBusyNanoseconds - before.cpuBusyNanoseconds)
                let total = Double(counters.cpuTotalNanoseconds - before.cpuTotalNanoseconds)
                cpu = min(100, max(0, busy / total * 100))
            }
            var readKBs = 0.0
            var writeKBs = 0.0
            if let network, let before = previous.network, let at = previous.networkAt {
                let seconds = (now - at).secondsValue
                if seconds > 0, network.receivedBytes >= before.receivedBytes, network.sentBytes >= before.sentBytes {
                    readKBs = Double(network.receivedBytes - before.receivedBytes) / 1024 / seconds
                    writeKBs = Double(network.sentBytes - before.sentBytes) / 1024 / seconds
                }
            }
            return HostStats(cpuUtilization: cpu, memoryTotalBytes: counters.memoryTotalBytes,
                             memoryUsedBytes: max(0, counters.memoryTotalBytes - counters.memoryFreeBytes),
                             networkReadKBs: readKBs, networkWriteKBs: writeKBs, loadAverage: load)
        }
    }
}

extension Duration {
    var secondsValue: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
