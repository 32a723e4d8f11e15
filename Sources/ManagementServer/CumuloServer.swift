import APIModel
import AgentTransport
import APIServer
import ArgumentParser
import Foundation
import Hummingbird
import HummingbirdWebSocket
import Logging
import Orchestration
import Persistence
import ServiceLifecycle

/// `cumulo-server`: the management server.
@main
struct CumuloServer: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "cumulo-server",
        abstract: "The Cumulo management server: a CloudStack-compatible API over an embedded database.",
        subcommands: [Serve.self, AgentSecret.self, APIDocs.self],
        defaultSubcommand: Serve.self)
}

/// Options naming the data directory, shared by the subcommands that need it.
struct DataDirectoryOption: ParsableArguments {
    @Option(name: .long, help: "Directory holding the database and server state (default: /var/lib/cumulo for root, ~/.cumulo/server otherwise).")
    var dataDir: String?

    var resolved: String {
        if let dataDir { return dataDir }
        if getuid() == 0 { return "/var/lib/cumulo" }
        return FileManager.default.homeDirectoryForCurrentUser.path + "/.cumulo/server"
    }
}

/// Runs the server until SIGTERM or SIGINT.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "serve", abstract: "Run the management server (the default).")

    @OptionGroup var data: DataDirectoryOption
    @Option(help: "TCP port of the API.") var port: Int = 8080
    @Option(help: "Address to listen on.") var bind: String = "0.0.0.0"
    @Option(help: "Password of the admin user, used only when a new data directory is initialised (also CUMULO_ADMIN_PASSWORD).")
    var adminPassword: String?
    @Option(help: "Log level (trace, debug, info, notice, warning, error).") var logLevel: String = "info"

    func run() async throws {
        var logger = Logger(label: "cumulo-server")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let config = ServerConfiguration(
            dataDirectory: data.resolved, bindAddress: bind, port: port,
            adminPassword: adminPassword ?? ProcessInfo.processInfo.environment["CUMULO_ADMIN_PASSWORD"])
        let (app, cloud) = try await buildApplication(config, logger: logger) { cloud in
            // Agents connect to /agent on the API's port, so one port serves API callers and hosts behind NAT.
            let agents = AgentListener(hub: cloud.agents, logger: logger)
            return .http1WebSocketUpgrade(webSocketRouter: agents.makeRouter(), configuration: .init(ws: AgentListener.webSocketConfiguration))
        }
        // Stopped in reverse order: background work (jobs among it) drains while the API and agents are still up.
        let services: [any Service] = cloud.monitors + [app] + cloud.workers
        let group = ServiceGroup(
            configuration: .init(
                services: services.map { .init(service: $0) },
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        logger.info("cumulo-server listening on \(bind):\(port), data in \(config.dataDirectory)")
        try await group.run()
        await cloud.db.close()
        logger.info("cumulo-server stopped")
    }
}

/// Prints the secret agents present to register, creating it on first use.
struct AgentSecret: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "agent-secret",
        abstract: "Print the registration secret cumulo-agent needs (stored in the data directory, created if missing).")

    @OptionGroup var data: DataDirectoryOption

    func run() async throws {
        print(try RegistrationSecret.loadOrCreate(in: data.resolved))
    }
}

/// Writes the Markdown API reference generated from the command registry.
struct APIDocs: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "api-docs", abstract: "Write the API reference (Markdown) into a directory.")

    @Option(help: "Output directory.") var output: String = "api-docs"

    func run() async throws {
        let pages = APIReferenceWriter.pages(for: Commands.all)
        let fm = FileManager.default
        try fm.createDirectory(atPath: output, withIntermediateDirectories: true)
        for file in try fm.contentsOfDirectory(atPath: output) where file.hasSuffix(".md") && pages[file] == nil {
            try fm.removeItem(atPath: output + "/" + file)
        }
        for (file, text) in pages {
            try text.write(toFile: output + "/" + file, atomically: true, encoding: .utf8)
        }
        print("wrote \(pages.count) pages to \(output)")
    }
}
