import AgentProtocol
import Hypervisor
import Logging

/// What every command handler works with.
struct RuntimeContext: Sendable {
    let driver: any HypervisorDriver
    let storage: any PrimaryStorage
    let configuration: AgentRuntimeConfiguration
    let logger: Logger
    let identity: HostIdentity
    let power: PowerStateWatcher
    let configDrives: ConfigDriveBuilder
    let hostStats: HostStatsSampler
    let vmStats: VMStatsSampler

    func domainType() async throws -> String {
        try await identity.domainType(driver: driver, preference: configuration.domainType)
    }

    /// The VM's power state now, with its VNC port when it runs; `.missing` when there is no such domain.
    func powerReport(_ name: String) async throws -> VMPowerReport {
        let summary: DomainSummary?
        if let lookup = driver as? any DomainSummaryLookup {
            summary = try await lookup.summary(domain: name)
        } else {
            summary = try await driver.list().first(where: { $0.name == name })
        }
        guard let summary else {
            return VMPowerReport(name: name, state: .missing)
        }
        return PowerStateMapping.report(summary)
    }
}
