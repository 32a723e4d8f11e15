import DomainModel
import Foundation
import HypervisorSimulator
import ImageStore
import ImageTransfer
import Logging
import Orchestration
import Persistence
import ServiceLifecycle

/// A management server's services (`Cloud`) on a fresh SQLite file, as `cumulo-server` starts them, with one
/// in-process agent that has registered but is not yet added to the cloud. Every test gets its own.
///
/// Power reports reach the server only as `AgentHub` messages, and the cloud's background work and
/// power-state reconciler run beside the test as `cumulo-server`'s service group runs them.
public final class TestCloud: Sendable {
    public let cloud: Cloud
    public let db: Database
    /// The bootstrapped root administrator, as workflows record who asked.
    public let admin: Initiator
    public let adminAccount: Account
    public let agent: InProcessAgent
    /// Holds the database, the agent's files and the image store; removed by `shutDown`.
    public let directory: String
    /// The cloud's background work and power-state reconciler, running as the server's service group runs them.
    let services: Task<Void, any Error>

    private init(cloud: Cloud, db: Database, admin: Initiator, adminAccount: Account, agent: InProcessAgent, directory: String) {
        services = Task {
            try await withThrowingDiscardingTaskGroup { group in
                for service in [cloud.background, cloud.powerStateReconciler] as [any Service] {
                    group.addTask { try await service.run() }
                }
            }
        }
        self.cloud = cloud
        self.db = db
        self.admin = admin
        self.adminAccount = adminAccount
        self.agent = agent
        self.directory = directory
    }

    /// Starts the cloud and its agent. Pings come every second (the smallest `ping.interval`).
    /// - Parameter driver: the agent's simulated hypervisor; an 8-CPU, 32 GiB host named sim-host-1 when nil.
    public static func start(driver: SimulatedDriver? = nil, logLevel: Logger.Level = .critical) async throws -> TestCloud {
        var logger = Logger(label: "orchestration-tests")
        logger.logLevel = logLevel
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-orchestration-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        let db = try await Database.open(path: directory + "/cumulo.db", logger: logger)
        let secret = "test-registration-secret"
        let cloud = try await Cloud.start(db: db, registrationSecret: secret, imageTransport: .network(), logger: logger)
        guard let user = try await db.read.first(Tables.user, [.equals(.username, "admin")]),
              let caller = try await cloud.identity.caller(for: user) else {
            throw TestCloudError("the bootstrapped admin is missing")
        }
        let admin = Initiator(caller)
        for (name, value) in [("ping.interval", "1"), ("agent.connect.wait", "5")] {
            _ = try await cloud.settings.update(name, value: value, by: admin, events: cloud.events)
        }
        let agent = InProcessAgent(
            hub: cloud.agents, registrationSecret: secret, driver: driver,
            filesDirectory: directory + "/agent", logger: logger)
        return TestCloud(cloud: cloud, db: db, admin: admin, adminAccount: caller.account, agent: agent, directory: directory)
    }

    /// Stops the agent, waits for running jobs, closes the database and removes the files.
    public func shutDown() async {
        await agent.stop()
        _ = await cloud.jobs.drain(timeout: .seconds(30))
        services.cancel()
        _ = await services.result
        await db.close()
        try? FileManager.default.removeItem(atPath: directory)
    }
}

/// A fixture that could not be built.
public struct TestCloudError: Error, CustomStringConvertible {
    public let description: String

    public init(_ description: String) {
        self.description = description
    }
}
