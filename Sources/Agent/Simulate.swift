import AgentRuntime
import AgentTransport
import ArgumentParser
import Foundation
import HypervisorSimulator
import Logging
import ServiceLifecycle

/// Runs many simulated hosts in one process, each with an in-memory hypervisor and its own credential,
/// for scale tests and benchmarks. Each host reports a distinct address counted up from `--first-address`
/// (by default in 198.19.0.0/16, benchmark space; nothing is ever sent to these addresses).
struct Simulate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "simulate", abstract: "Run simulated hosts against a management server (scale tests).")

    @Option(help: "The management server's URL.") var server: String
    @Option(help: "How many hosts.") var count = 10
    @Option(help: "Host names are <prefix>-001, <prefix>-002, …") var namePrefix = "sim"
    @Option(help: "Directory holding one state directory per simulated host.") var stateDir: String
    @Option(help: "Directory holding one directory of VM files (config drives) per simulated host, <dir>/<host name> (default: --state-dir).") var vmFilesDir: String?
    @Option(help: "File holding the registration secret.") var secretFile: String
    @Option(help: "Logical CPUs of each simulated host.") var cpus = 16
    @Option(help: "CPU speed of each simulated host, MHz.") var mhz: Int64 = 2400
    @Option(help: "Memory of each simulated host, GiB.") var memoryGib: Int64 = 64
    @Option(help: "Address the first host reports; the others count up from it.") var firstAddress = "198.19.0.1"
    @Option(help: "Log level.") var logLevel = "info"
    @Option(help: "Seconds every domain start takes (to test what happens during a start).") var startDelay: Double = 0

    func validate() throws {
        guard (1...4000).contains(count) else { throw ValidationError("--count must be between 1 and 4000") }
        guard startDelay >= 0 && startDelay <= 3600 else { throw ValidationError("--start-delay must be between 0 and 3600 seconds") }
        guard Self.address(firstAddress, plus: 0) != nil else { throw ValidationError("--first-address must be an IPv4 address") }
    }

    func run() async throws {
        var logger = Logger(label: "cumulo-agent-simulate")
        logger.logLevel = Logger.Level(rawValue: logLevel) ?? .info
        let secret = SecretSource(inline: nil, file: secretFile)
        try secret.check()
        var services: [ServiceGroupConfiguration.ServiceConfiguration] = []
        for index in 1...count {
            let name = String(format: "%@-%03d", namePrefix, index)
            let driver = SimulatedDriver(hostName: name, cpuCount: cpus, cpuSpeedMHz: mhz, memoryBytes: memoryGib << 30)
            if startDelay > 0 {
                driver.delay(.start, by: .milliseconds(Int64(startDelay * 1000)))
            }
            let directory = stateDir + "/" + name
            let settings = HostSettings(
                hostName: name, stateDirectory: directory, vmFilesDirectory: (vmFilesDir ?? stateDir) + "/" + name,
                domainType: "auto", nfsAccess: "auto",
                addresses: Self.address(firstAddress, plus: index - 1).map { [$0] })
            let host = try await HostAssembly.make(driver: driver, settings: settings, logger: logger)
            let dialer = AgentDialer(
                server: server, worker: host.runtime, credentials: CredentialStore(stateDirectory: directory),
                hostName: name, secret: { secret.read() }, logger: logger)
            services.append(.init(service: host.runtime))
            services.append(.init(service: DialerService(dialer: dialer)))
        }
        logger.info("simulating \(count) hosts against \(server)")
        let group = ServiceGroup(configuration: .init(services: services, gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }

    /// The IPv4 address `offset` after `first`.
    static func address(_ first: String, plus offset: Int) -> String? {
        let parts = first.split(separator: ".").compactMap { UInt32($0) }
        guard parts.count == 4, parts.allSatisfy({ $0 < 256 }) else { return nil }
        let value = (parts[0] << 24 | parts[1] << 16 | parts[2] << 8 | parts[3]) &+ UInt32(offset)
        return [value >> 24, value >> 16 & 255, value >> 8 & 255, value & 255].map(String.init).joined(separator: ".")
    }
}
