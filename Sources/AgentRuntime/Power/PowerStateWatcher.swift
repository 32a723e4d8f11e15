import AgentProtocol
import Synchronization

/// Keeps the last power state the server heard of each VM and passes on changes the host made by itself.
/// VMs a command is working on are left alone: the command's answer tells the server.
final class PowerStateWatcher: Sendable {
    private struct State {
        var known: [String: VMPowerState] = [:]
        var busy: [String: Int] = [:]
        /// Bumped whenever a command starts or ends on a VM, so a state read before that is not trusted after it.
        var epochs: [String: Int] = [:]
    }

    let changes: AsyncStream<VMPowerReport>
    private let continuation: AsyncStream<VMPowerReport>.Continuation
    private let state = Mutex(State())

    init() {
        (changes, continuation) = AsyncStream<VMPowerReport>.makeStream()
    }

    deinit {
        continuation.finish()
    }

    /// A mark to take before reading a VM's state, for `noticed`.
    func epoch(of name: String) -> Int {
        state.withLock { $0.epochs[name] ?? 0 }
    }

    /// The host saw `name` in `power` (read after taking `epoch`); yields a report when that differs from
    /// what the server last heard. A reading older than the last command on the VM is dropped.
    func noticed(_ name: String, _ power: VMPowerState, epoch: Int, vncPort: Int? = nil) {
        let changed = state.withLock { state in
            guard (state.epochs[name] ?? 0) == epoch else { return false }
            let before = state.known[name]
            state.known[name] = power == .missing ? nil : power
            if state.busy[name] != nil { return false }
            return before != power && !(before == nil && power == .missing)
        }
        if changed {
            continuation.yield(VMPowerReport(name: name, state: power, vncPort: vncPort))
        }
    }

    /// States the server just received in a report; later events are compared with these.
    func reported(_ reports: [VMPowerReport]) {
        state.withLock { state in
            for report in reports {
                state.known[report.name] = report.state == .missing ? nil : report.state
            }
        }
    }

    /// The names the server last heard about.
    var knownNames: [String] {
        state.withLock { $0.known.keys.sorted() }
    }

    /// A command starts working on `name`.
    func begin(_ name: String) {
        state.withLock { state in
            state.busy[name, default: 0] += 1
            state.epochs[name, default: 0] += 1
        }
    }

    /// A command on `name` finished, leaving it in `power` (nil when that could not be read).
    func end(_ name: String, leaving power: VMPowerState?) {
        state.withLock { state in
            if let count = state.busy[name], count > 1 {
                state.busy[name] = count - 1
            } else {
                state.busy.removeValue(forKey: name)
            }
            state.epochs[name, default: 0] += 1
            if let power {
                state.known[name] = power == .missing ? nil : power
            }
        }
    }

    func finish() {
        continuation.finish()
    }
}
