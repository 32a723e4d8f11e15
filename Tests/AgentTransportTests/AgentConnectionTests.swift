import AgentProtocol
@testable import AgentTransport
import Foundation
import Hummingbird
import HummingbirdWebSocket
import HummingbirdWSClient
import Logging
import NIOCore
import Synchronization
import Testing

/// A real listener on a loopback port and a real dialer, with a fake hub and a fake worker.
@Suite("Agent connections over WebSocket")
struct AgentConnectionTests {
    static var logger: Logger {
        var logger = Logger(label: "agent-transport-test")
        logger.logLevel = .critical
        return logger
    }

    /// Runs a listener for `hub` on a free port while `body` runs.
    func withListener(_ hub: FakeHub, waiting: WaitingConnections = WaitingConnections(),
                      _ body: @escaping @Sendable (Int) async throws -> Void) async throws {
        let port = Mutex<Int?>(nil)
        let listener = AgentListener(hub: hub, logger: Self.logger, waiting: waiting)
        let app = Application(
            router: Router(context: BasicRequestContext.self),
            server: .http1WebSocketUpgrade(webSocketRouter: listener.makeRouter(), configuration: .init(ws: AgentListener.webSocketConfiguration)),
            configuration: .init(address: .hostname("127.0.0.1", port: 0)),
            onServerRunning: { channel in port.withLock { $0 = channel.localAddress?.port } },
            logger: Self.logger)
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask { try await app.runService() }
            // Generous: in a full test run, tests that block their thread on a child process can hold up the start.
            guard await eventually(30, { port.withLock { $0 } != nil }), let bound = port.withLock({ $0 }) else {
                Issue.record("the listener did not start")
                group.cancelAll()
                return
            }
            try await body(bound)
            group.cancelAll()
        }
    }

    func dialer(port: Int, worker: FakeWorker, secret: String, state: String) -> AgentDialer {
        AgentDialer(server: "http://127.0.0.1:\(port)", worker: worker, credentials: CredentialStore(stateDirectory: state),
                    hostName: worker.hostName, secret: { secret }, logger: Self.logger)
    }

    static func temporaryDirectory() -> String {
        FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-transport-\(UUID().uuidString)").path
    }

    @Test func registersSaysHelloPingsAndAnswersCommands() async throws {
        let hub = FakeHub(secret: "s3cret")
        let state = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        try await withListener(hub) { port in
            let worker = FakeWorker(hostName: "kvm1")
            let running = Task { try await dialer(port: port, worker: worker, secret: "s3cret", state: state).run() }
            #expect(await eventually { hub.channel != nil })
            let channel = try #require(hub.channel)
            #expect(try await channel.send(.hostStats, timeout: .seconds(5)) == .hostStats(FakeWorker.stats))
            await #expect(throws: AgentChannelError.failed("no VM called i-1")) {
                try await channel.send(.checkVM(name: "i-1"), timeout: .seconds(5))
            }
            await #expect(throws: AgentChannelError.timedOut(seconds: 0.3)) {
                try await channel.send(.checkVM(name: "stall"), timeout: .milliseconds(300))
            }
            #expect(await eventually { hub.pings >= 2 })
            worker.continuation.yield(VMPowerReport(name: "i-2", state: .stopped))
            #expect(await eventually { hub.seen.withLock { $0.messages.contains(.powerStateChanged(VMPowerReport(name: "i-2", state: .stopped))) } })
            #expect(worker.welcomes.withLock { $0.first?.hostId } == "host-1")
            let stored = try #require(CredentialStore(stateDirectory: state).load())
            #expect(stored == HostCredential(guid: "guid-kvm1", token: "token-kvm1"))
            let mode = try FileManager.default.attributesOfItem(atPath: state + "/credential.json")[.posixPermissions] as? Int
            #expect(mode == 0o600)
            running.cancel()
            _ = try? await running.value
            #expect(await eventually { hub.seen.withLock { $0.disconnects } == ["guid-kvm1"] })
            await #expect(throws: AgentChannelError.disconnected) {
                try await channel.send(.hostStats, timeout: .seconds(1))
            }
        }
    }

    @Test func reconnectsWithTheStoredCredentialWithoutTheSecret() async throws {
        let hub = FakeHub(secret: "s3cret")
        let state = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        try CredentialStore(stateDirectory: state).save(HostCredential(guid: "guid-kvm2", token: "token-kvm2"))
        try await withListener(hub) { port in
            let running = Task { try await dialer(port: port, worker: FakeWorker(hostName: "kvm2"), secret: "", state: state).run() }
            #expect(await eventually { hub.channel != nil })
            #expect(hub.seen.withLock { $0.registrations.isEmpty })
            running.cancel()
            _ = try? await running.value
        }
    }

    @Test func aWrongSecretStopsTheDialerForGood() async throws {
        let hub = FakeHub(secret: "s3cret")
        let state = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        try await withListener(hub) { port in
            await #expect(throws: AgentDialerError.self) {
                try await dialer(port: port, worker: FakeWorker(hostName: "kvm3"), secret: "guess", state: state).run()
            }
            #expect(CredentialStore(stateDirectory: state).load() == nil)
            #expect(hub.seen.withLock { $0.hellos.isEmpty })
        }
    }

    @Test(arguments: ["not json at all", #"{"ping":{"_0":{"vms":[],"pools":[]}}}"#, #"{"answer":{"_0":{"id":1,"outcome":{"failure":{"_0":"x"}}}}}"#])
    func protocolViolationsCloseTheConnection(_ frame: String) async throws {
        let hub = FakeHub(secret: "s3cret")
        try await withListener(hub) { port in
            let reply = Mutex<[String]>([])
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/agent", logger: Self.logger) { inbound, outbound, _ in
                try await outbound.write(.text(frame))
                for try await message in inbound.messages(maxSize: 1 << 20) {
                    if case .text(let text) = message { reply.withLock { $0.append(text) } }
                }
            }
            #expect(reply.withLock { $0 }.isEmpty)
            #expect(hub.seen.withLock { $0.messages.isEmpty && $0.hellos.isEmpty })
        }
    }

    @Test func longMessagesAfterTheHelloArriveInSeveralFrames() async throws {
        let hub = FakeHub(secret: "s3cret")
        let state = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        try await withListener(hub) { port in
            let worker = FakeWorker(hostName: "kvm4")
            let running = Task { try await dialer(port: port, worker: worker, secret: "s3cret", state: state).run() }
            // A ping means the dialer's session is current, so power reports go out on it.
            #expect(await eventually { hub.pings >= 1 })
            // Three frames' worth: more than the server takes in one frame.
            let long = VMPowerReport(name: String(repeating: "v", count: FrameCodec.maxFrameBytes * 2 + 1000), state: .stopped)
            worker.continuation.yield(long)
            #expect(await eventually { hub.seen.withLock { $0.messages.contains(.powerStateChanged(long)) } })
            #expect(await eventually { hub.pings >= 1 }, "the session goes on")
            running.cancel()
            _ = await running.result
        }
    }

    @Test func anAgentWhoseReportIsSlowSaysItIsAliveEveryInterval() async throws {
        let hub = FakeHub(secret: "s3cret")
        let state = Self.temporaryDirectory()
        defer { try? FileManager.default.removeItem(atPath: state) }
        try await withListener(hub) { port in
            let worker = FakeWorker(hostName: "kvm5")
            let running = Task { try await dialer(port: port, worker: worker, secret: "s3cret", state: state).run() }
            #expect(await eventually { hub.pings >= 1 })
            // Reports now take five intervals (the fake hub's is 0.2 s): the agent says it is alive meanwhile.
            worker.pingReportDelay.withLock { $0 = .seconds(1) }
            let before = hub.alives
            #expect(await eventually { hub.alives >= before + 2 })
            running.cancel()
            _ = await running.result
        }
    }

    @Test func aGreetingLongerThanAllowedClosesTheConnection() async throws {
        let hub = FakeHub(secret: "s3cret")
        try await withListener(hub) { port in
            let closed = Mutex(false)
            try await WebSocketClient.connect(url: "ws://127.0.0.1:\(port)/agent", logger: Self.logger) { inbound, outbound, _ in
                // Written beside the reading: once the server stops reading, only the close it sends ends the writing.
                await withTaskGroup(of: Void.self) { group in
                    group.addTask {
                        // Frames the server accepts, making a message longer than a greeting may be.
                        let piece = String(repeating: " ", count: FrameCodec.maxFrameBytes)
                        try? await outbound.withTextMessageWriter { frame in
                            try await frame(#"{"register":{"_0":{"secret":"s3cret","hostName":"big""#)
                            for _ in 0...(FrameCodec.maxGreetingBytes / FrameCodec.maxFrameBytes) { try await frame(piece) }
                            try await frame("}}}")
                        }
                    }
                    do {
                        for try await _ in inbound.messages(maxSize: 1 << 20) {}
                    } catch {}
                    closed.withLock { $0 = true }
                    group.cancelAll()
                }
            }
            #expect(closed.withLock { $0 })
            #expect(hub.seen.withLock { $0.registrations.isEmpty })
        }
    }

    @Test func connectionsWaitingForTheirHelloAreBoundedPerAddress() async throws {
        let hub = FakeHub(secret: "s3cret")
        let waiting = WaitingConnections(total: 10, perAddress: 2)
        try await withListener(hub, waiting: waiting) { port in
            let url = "ws://127.0.0.1:\(port)/agent"
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<2 {
                    group.addTask {
                        try await WebSocketClient.connect(url: url, logger: Self.logger) { _, _, _ in
                            try await Task.sleep(for: .seconds(6))
                        }
                    }
                }
                #expect(await eventually { waiting.count == 2 })
                let third = try await ContinuousClock().measure {
                    try await WebSocketClient.connect(url: url, logger: Self.logger) { inbound, _, _ in
                        for try await _ in inbound.messages(maxSize: 1 << 20) {}
                    }
                }
                // Admitted, it would be held until the 15 s hello timeout; refused, it closes at once (slower on a busy machine).
                #expect(third < .seconds(5), "the third connection from the address is closed at once")
                try await group.waitForAll()
            }
            #expect(await eventually { waiting.count == 0 }, "closed connections are forgotten")
        }
    }

    @Test func waitingConnectionsAreCountedInAllAndPerAddress() {
        let waiting = WaitingConnections(total: 3, perAddress: 2)
        #expect(waiting.admit("198.18.0.1") && waiting.admit("198.18.0.1"))
        #expect(!waiting.admit("198.18.0.1"))
        #expect(waiting.admit("198.18.0.2"))
        #expect(!waiting.admit("198.18.0.3"), "three in all")
        waiting.release("198.18.0.1")
        #expect(waiting.admit("198.18.0.3"))
        waiting.release("198.18.0.9")
        #expect(waiting.count == 3, "releasing an address never counted changes nothing")
    }

    @Test func webSocketURLsComeFromTheServerURL() {
        #expect(AgentDialer.webSocketURL("http://192.0.2.1:8080") == "ws://192.0.2.1:8080/agent")
        #expect(AgentDialer.webSocketURL("https://cloud.example/client/api") == "wss://cloud.example/agent")
        #expect(AgentDialer.webSocketURL("192.0.2.1:8080/") == "ws://192.0.2.1:8080/agent")
    }
}
