import APIModel
import Foundation
import Hummingbird
import HummingbirdCore
import ImageStore
import ImageTransfer
import Logging
import Orchestration
import Persistence

/// Where and how the management server listens.
public struct ServerConfiguration: Sendable {
    public var dataDirectory: String
    public var bindAddress: String
    public var port: Int
    public var adminPassword: String?

    public init(dataDirectory: String, bindAddress: String = "0.0.0.0", port: Int = 8080, adminPassword: String? = nil) {
        self.dataDirectory = dataDirectory
        self.bindAddress = bindAddress
        self.port = port
        self.adminPassword = adminPassword
    }

    public var databasePath: String { dataDirectory + "/cumulo.db" }
}

/// The command registry built from `Commands.all` and the handler table, with handlers bound to `cloud`'s services.
public func makeCommandRegistry(_ cloud: Cloud) -> CommandRegistry {
    CommandRegistry(descriptors: Commands.all, handlers: HandlerTable.all(cloud))
}

/// The HTTP router: `/client/api` (GET and POST, with or without a trailing slash) and `/health`.
public func buildRouter(cloud: Cloud, logger: Logger) -> Router<APIRequestContext> {
    let endpoint = APIEndpoint(cloud: cloud, registry: makeCommandRegistry(cloud), logger: logger)
    let router = Router(context: APIRequestContext.self)
    // The router matches "/client/api/" to the same route.
    router.get("/client/api") { request, context in await endpoint.respond(request, from: context.clientAddress) }
    router.post("/client/api") { request, context in await endpoint.respond(request, from: context.clientAddress) }
    router.get("/health") { _, _ in "ok" }
    let extract = ExtractDownload(images: cloud.images, logger: logger)
    router.get("/client/extract/:token/:file") { _, context in await extract.respond(token: context.parameters.get("token") ?? "") }
    return router
}

/// Opens the database in the data directory, starts the cloud's services and
/// returns the HTTP application ready to run.
/// `server` chooses the HTTP server: plain HTTP/1, or one that also upgrades agent connections to WebSockets.
public func buildApplication(
    _ config: ServerConfiguration, logger: Logger,
    server: @escaping (Cloud) -> HTTPServerBuilder = { _ in .http1() }
) async throws -> (some ApplicationProtocol, Cloud) {
    // The data directory holds the database and the agents' registration secret: its owner's alone.
    try FileManager.default.createDirectory(atPath: config.dataDirectory, withIntermediateDirectories: true,
                                            attributes: [.posixPermissions: 0o700])
    try FileManager.default.setAttributes([.posixPermissions: 0o700], ofItemAtPath: config.dataDirectory)
    let db = try await Database.open(path: config.databasePath, logger: logger)
    let secret = try RegistrationSecret.loadOrCreate(in: config.dataDirectory)
    let cloud = try await startCloud(db: db, config: config, registrationSecret: secret, logger: logger)
    let app = Application(
        router: buildRouter(cloud: cloud, logger: logger),
        server: server(cloud),
        configuration: .init(address: .hostname(config.bindAddress, port: config.port), serverName: "cumulo"),
        logger: logger)
    return (app, cloud)
}

/// Bootstraps (on first start) and opens the cloud on `db`, failing jobs a previous process left running.
/// `registrationSecret` is what agents present to register; without one, a random secret serves this process only.
/// `imageTransport` is how images are downloaded and image stores reached: HTTP, NFS and local directories unless
/// told otherwise.
public func startCloud(
    db: Database, config: ServerConfiguration, registrationSecret: String? = nil,
    imageTransport: ImageTransport = .network(), logger: Logger
) async throws -> Cloud {
    let endpoint = "http://\(config.bindAddress == "0.0.0.0" ? "localhost" : config.bindAddress):\(config.port)/client/api"
    let cloud = try await Cloud.start(
        db: db, adminPassword: config.adminPassword, endpoint: endpoint,
        registrationSecret: registrationSecret ?? TokenGenerator.token(bytes: 32), imageTransport: imageTransport, logger: logger)
    try await cloud.recoverInterruptedJobs(failureResult: JobRecord.encode(APIError.internalError(JobService.interruptedReason).fields))
    return cloud
}
