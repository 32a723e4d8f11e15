import AgentProtocol
import Foundation
import Synchronization

/// A hub that accepts one secret, remembers what it saw and can send commands down a session.
final class FakeHub: AgentHub {
    struct Seen {
        var registrations: [RegistrationRequest] = []
        var hellos: [Hello] = []
        var messages: [AgentMessage] = []
        var disconnects: [String] = []
        var channel: (any AgentChannel)?
    }

    let secret: String
    let seen = Mutex(Seen())

    init(secret: String) {
        self.secret = secret
    }

    func register(_ request: RegistrationRequest, peerAddress: String) async throws -> HostCredential {
        seen.withLock { $0.registrations.append(request) }
        guard request.secret == secret else { throw Refusal(reason: "wrong registration secret", retryable: false) }
        return HostCredential(guid: "guid-\(request.hostName)", token: "token-\(request.hostName)")
    }

    func connect(_ hello: Hello, peerAddress: String, channel: any AgentChannel) async throws -> Welcome {
        seen.withLock { $0.hellos.append(hello) }
        guard hello.credential.token == "token-" + hello.report.hostName else {
            throw Refusal(reason: "unknown credential", retryable: false)
        }
        return Welcome(pingIntervalSeconds: 0.2, hostId: "host-1", managementServerId: "ms-1")
    }

    func sessionStarted(guid: String, channel: any AgentChannel) async {
        seen.withLock { $0.channel = channel }
    }

    func received(_ message: AgentMessage, from guid: String) async {
        seen.withLock { $0.messages.append(message) }
    }

    func disconnected(guid: String, channel: any AgentChannel) async {
        seen.withLock {
            $0.disconnects.append(guid)
            $0.channel = nil
        }
    }

    var channel: (any AgentChannel)? { seen.withLock { $0.channel } }
    var pings: Int { seen.withLock { $0.messages.filter { if case .ping = $0 { true } else { false } }.count } }
    var alives: Int { seen.withLock { $0.messages.filter { $0 == .alive }.count } }
}

/// A worker with a fixed report that answers host-stats commands and stalls on checkVM.
final class FakeWorker: AgentWorker {
    let hostName: String
    let welcomes = Mutex<[Welcome]>([])
    /// How long a ping report takes, as when the hypervisor is busy.
    let pingReportDelay = Mutex(Duration.zero)
    private let changes: AsyncStream<VMPowerReport>
    let continuation: AsyncStream<VMPowerReport>.Continuation

    init(hostName: String) {
        self.hostName = hostName
        (changes, continuation) = AsyncStream.makeStream()
    }

    func startupReport() async throws -> StartupReport {
        StartupReport(hostName: hostName, addresses: ["198.18.5.5"], hypervisor: "KVM", hypervisorVersion: "7.2.0", agentVersion: "test",
                      domainType: "qemu", cpuModel: "test", cpuSockets: 1, cpuCount: 4, cpuSpeedMHz: 2000, memoryBytes: 8 << 30,
                      nfsAccess: "userspace", pools: [], vms: [])
    }

    func pingReport() async -> PingReport {
        let delay = pingReportDelay.withLock { $0 }
        if delay > .zero { try? await Task.sleep(for: delay) }
        return PingReport(vms: [], stats: Self.stats, pools: [])
    }

    func handle(_ command: AgentCommand) async -> CommandOutcome {
        switch command {
        case .hostStats: return .success(.hostStats(Self.stats))
        case .checkVM(let name) where name == "stall":
            try? await Task.sleep(for: .seconds(30))
            return .success(.done)
        case .checkVM(let name): return .failure("no VM called \(name)")
        default: return .success(.done)
        }
    }

    func welcomed(_ welcome: Welcome) async {
        welcomes.withLock { $0.append(welcome) }
    }

    func powerStateChanges() -> AsyncStream<VMPowerReport> { changes }

    static let stats = HostStats(cpuUtilization: 12.5, memoryTotalBytes: 8 << 30, memoryUsedBytes: 1 << 30, networkReadKBs: 1, networkWriteKBs: 2, loadAverage: 0.5)
}

/// Polls `condition` every 20 ms for up to `seconds` (generous: other tests of a full run can hold up the pool).
func eventually(_ seconds: Double = 15, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(20))
    }
    return condition()
}
