import AgentProtocol
import Hypervisor
import Synchronization

/// Turns cumulative domain counters into per-VM rates by comparing each sample with that VM's previous one.
final class VMStatsSampler: Sendable {
    private struct Sample {
        var counters: DomainCounters
        var at: ContinuousClock.Instant
    }

    private let previous = Mutex<[String: Sample]>([:])

    /// Rates since the VM's previous sample; zero rates for its first.
    func stats(name: String, counters: DomainCounters, at now: ContinuousClock.Instant = .now) -> VMStats {
        let before = previous.withLock { previous in
            defer { previous[name] = Sample(counters: counters, at: now) }
            return previous[name]
        }
        guard let before, (now - before.at).secondsValue > 0 else {
            return VMStats(name: name, cpuUtilization: 0, memoryBytes: counters.memoryBytes,
                           networkReadKBs: 0, networkWriteKBs: 0, diskReadKBs: 0, diskWriteKBs: 0)
        }
        let seconds = (now - before.at).secondsValue
        func rate(_ new: Int64, _ old: Int64) -> Double {
            new >= old ? Double(new - old) / 1024 / seconds : 0
        }
        var cpu = 0.0
        if counters.cpuTimeNanoseconds >= before.counters.cpuTimeNanoseconds {
            let busy = Double(counters.cpuTimeNanoseconds - before.counters.cpuTimeNanoseconds)
            cpu = min(100, max(0, busy / (seconds * 1e9 * Double(max(1, counters.vcpus))) * 100))
        }
        return VMStats(name: name, cpuUtilization: cpu, memoryBytes: counters.memoryBytes,
                       networkReadKBs: rate(counters.networkRxBytes, before.counters.networkRxBytes),
                       networkWriteKBs: rate(counters.networkTxBytes, before.counters.networkTxBytes),
                       diskReadKBs: rate(counters.diskReadBytes, before.counters.diskReadBytes),
                       diskWriteKBs: rate(counters.diskWriteBytes, before.counters.diskWriteBytes))
    }

    /// Forgets VMs that no longer exist.
    func forget(_ name: String) {
        _ = previous.withLock { $0.removeValue(forKey: name) }
    }
}
