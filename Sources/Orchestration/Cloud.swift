import DomainModel
import Foundation
import ImageTransfer
import Logging
import Persistence
import ServiceLifecycle

/// The management server's services, built once at start-up and shared by the API layer.
public final class Cloud: Sendable {
    public let db: Database
    /// Runs work that outlives the call that started it; a `Service` the server runs.
    public let background: BackgroundWork
    public let settings: Settings
    public let events: EventRecorder
    public let jobs: JobService
    public let identity: IdentityService
    public let inventory: InventoryService
    public let networks: NetworkService
    public let offerings: OfferingService
    public let agents: AgentService
    public let sshKeyPairs: SSHKeyPairService
    public let images: ImageService
    public let instances: InstanceService
    public let volumes: VolumeService
    public let managementServerId: String
    public let logger: Logger

    private init(db: Database, background: BackgroundWork, managementServerId: String, settings: Settings, events: EventRecorder, jobs: JobService,
                 registrationSecret: String, endpoint: String, imageTransport: ImageTransport, logger: Logger) {
        self.db = db
        self.background = background
        self.settings = settings
        self.events = events
        self.jobs = jobs
        self.managementServerId = managementServerId
        self.logger = logger
        identity = IdentityService(db: db, events: events, settings: settings)
        let agents = AgentService(db: db, settings: settings, events: events, background: background, managementServerId: managementServerId,
                                  registrationSecret: registrationSecret, logger: logger)
        self.agents = agents
        inventory = InventoryService(db: db, events: events, agents: agents, imageStores: imageTransport.stores)
        networks = NetworkService(db: db, events: events)
        offerings = OfferingService(db: db, events: events)
        let sshKeyPairs = SSHKeyPairService(db: db, events: events)
        self.sshKeyPairs = sshKeyPairs
        let images = ImageService(db: db, settings: settings, events: events, transport: imageTransport, endpoint: endpoint, logger: logger)
        self.images = images
        let vmClaims = WorkClaims()
        let volumeFiles = VolumeFiles(db: db, events: events, agents: agents, imageLocations: ImageLocations(db: db, images: images), logger: logger)
        let poolHosts = PoolHosts(db: db, agents: agents)
        instances = InstanceService(db: db, settings: settings, events: events, agents: agents, background: background, sshKeyPairs: sshKeyPairs,
                                    claims: vmClaims, volumeFiles: volumeFiles, poolHosts: poolHosts, logger: logger)
        volumes = VolumeService(db: db, settings: settings, events: events, agents: agents, vmClaims: vmClaims, volumeFiles: volumeFiles,
                                poolHosts: poolHosts, logger: logger)
    }

    /// Opens the cloud on `db`: bootstraps a new installation, loads settings and
    /// settles jobs an earlier process left running.
    /// - Parameter registrationSecret: the secret agents present to register (see `RegistrationSecret`).
    /// - Parameter imageTransport: how images are downloaded and image stores reached; without it every
    ///   download and image store call fails, which suits tests that never touch images.
    public static func start(
        db: Database, adminPassword: String? = nil, endpoint: String = "http://localhost:8080/client/api",
        registrationSecret: String = TokenGenerator.token(bytes: 32), imageTransport: ImageTransport = .unavailable, logger: Logger
    ) async throws -> Cloud {
        let msId = try await Bootstrap(db: db, logger: logger).run(adminPassword: adminPassword, endpoint: endpoint)
        let settings = Settings(db: db)
        try await settings.load()
        let events = EventRecorder(db: db)
        let background = BackgroundWork(logger: logger)
        let jobs = JobService(db: db, events: events, background: background, managementServerId: msId, logger: logger)
        let cloud = Cloud(db: db, background: background, managementServerId: msId, settings: settings, events: events, jobs: jobs,
                          registrationSecret: registrationSecret, endpoint: endpoint, imageTransport: imageTransport, logger: logger)
        cloud.registerRecoveryRules()
        return cloud
    }

    /// Fails jobs left in progress by an earlier process, with `failureResult` as their stored result.
    public func recoverInterruptedJobs(failureResult: String) async throws {
        let count = try await jobs.recoverInterruptedJobs(failureResult: failureResult)
        if count > 0 { logger.warning("\(count) interrupted job(s) marked failed") }
    }

    func registerRecoveryRules() {
        inventory.registerRecoveryRules(on: jobs)
    }

    /// The long-running services of the cloud besides the HTTP server, in start order: the host monitor and
    /// the power-state reconciler (which need the agents' sessions), then the background work, the image
    /// download scheduler and the instance janitor. A service group stops them in reverse order, so
    /// background work drains while hosts are still connected; run the HTTP server before `background`.
    public var monitors: [any Service] {
        [HostMonitor(agents: agents), powerStateReconciler]
    }

    /// Brings VM records in line with what hosts report (one of `monitors`).
    public var powerStateReconciler: PowerStateReconciler {
        PowerStateReconciler(feed: agents.powerReports, sync: instances.powerSync)
    }

    /// The services that start work of their own; see `monitors` for the order.
    public var workers: [any Service] {
        [background, DownloadScheduler(images: images), instances.janitor]
    }
}
