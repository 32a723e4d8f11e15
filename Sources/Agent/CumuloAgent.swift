import AgentProtocol
import AgentRuntime
import AgentTransport
import ArgumentParser
import Foundation
import Hypervisor
import HypervisorLibvirt
import Logging
import ServiceLifecycle

/// `cumulo-agent`: the daemon on every KVM host.
@main
struct CumuloAgent: AsyncParsableCommand {
    static let version = "0.3.0"

    static let configuration = CommandConfiguration(
        commandName: "cumulo-agent",
        abstract: "The Cumulo agent: connects out to the management server and runs its commands on this host's libvirt.",
        version: version,
        subcommands: [Run.self, Simulate.self],
        defaultSubcommand: Run.self)
}

/// Runs the agent for this host until SIGTERM or SIGINT.
struct Run: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "run", abstract: "Run the agent for this host (the default).")

    @Option(help: "The management server's URL, e.g. http://192.0.2.1:8080 (config key: server).") var server: String?
    @Option(help: "The name this host registers under (config key: host.name; default: the host's own name).") var hostName: String?
    @Option(help: "libvirt connection URI (config key: libvirt.uri; default qemu:///system).") var libvirtUri: String?
    @Option(help: "Directory for the host credential, private to the agent (config key: state.dir; default /var/lib/cumulo-agent).") var stateDir: String?
    @Option(help: "Directory for files qemu opens: config drives and NFS mount points (config key: vm.files.dir; default /var/lib/libvirt/cumulo/<host name>).") var vmFilesDir: String?
    @Option(help: "Configuration file (default /etc/cumulo/agent.properties when it exists).") var config: String?
    @Option(help: "File holding the registration secret (config keys: secret.file, or registration.secret itself).") var secretFile: String?
    @Option(help: "Log level (trace, debug, info, notice, warning, error).") var logLevel: String?

    func run() async throws {
        let properties = try loadProperties()
        var logger = Logger(label: "cumulo-agent")
        logger.logLevel = Logger.Level(rawValue: logLevel ?? properties["log.level"] ?? "info") ?? .info
        guard let server = server ?? properties["server"] else {
            throw ValidationFailure("no management server given: pass --server http://<server>:8080 or set server= in the configuration file")
        }
        let stateDirectory = stateDir ?? properties["state.dir"] ?? "/var/lib/cumulo-agent"
        let uri = libvirtUri ?? properties["libvirt.uri"] ?? "qemu:///system"
        let secret = SecretSource(inline: properties["registration.secret"], file: secretFile ?? properties["secret.file"])
        try secret.check()
        let driver = try await LibvirtDriver.open(uri: uri, logger: logger)
        let settings = HostSettings(
            hostName: hostName ?? properties["host.name"], stateDirectory: stateDirectory,
            vmFilesDirectory: vmFilesDir ?? properties["vm.files.dir"],
            domainType: properties["domain.type"] ?? "auto", nfsAccess: properties["nfs.access"] ?? "auto")
        let host = try await HostAssembly.make(driver: driver, settings: settings, logger: logger)
        let dialer = AgentDialer(
            server: server, worker: host.runtime, credentials: CredentialStore(stateDirectory: stateDirectory),
            hostName: host.hostName, secret: { secret.read() }, logger: logger)
        logger.info("cumulo-agent \(CumuloAgent.version) for \(host.hostName) on \(uri), server \(server)")
        let group = ServiceGroup(configuration: .init(services: [.init(service: host.runtime), .init(service: DialerService(dialer: dialer))], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    private func loadProperties() throws -> AgentProperties {
        if let config { return try AgentProperties(path: config) }
        let standard = "/etc/cumulo/agent.properties"
        return FileManager.default.fileExists(atPath: standard) ? try AgentProperties(path: standard) : AgentProperties()
    }
}

/// Runs the dialer as a service; a graceful shutdown cancels it.
struct DialerService: Service {
    let dialer: AgentDialer

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await dialer.run()
        }
    }
}

/// Where the registration secret comes from: the configuration itself or a file (read when needed).
struct SecretSource: Sendable {
    let inline: String?
    let file: String?

    func read() -> String? {
        if let inline { return inline }
        guard let file, let data = FileManager.default.contents(atPath: file) else { return nil }
        let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
        return secret.isEmpty ? nil : secret
    }

    func check() throws {
        if let file, inline == nil, !FileManager.default.isReadableFile(atPath: file) {
            throw ValidationFailure("cannot read the registration secret file \(file)")
        }
    }
}
