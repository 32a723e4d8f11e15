import AgentProtocol
import AgentRuntime
import Foundation
import Hypervisor
import HypervisorLibvirt
import Logging

/// The agent's own settings for one host, from options and the configuration file.
struct HostSettings {
    var hostName: String?
    var stateDirectory: String
    /// Files qemu opens; `AgentRuntimeConfiguration.defaultVMFilesDirectory(hostName:)` when nil.
    var vmFilesDirectory: String?
    var domainType: String
    var nfsAccess: String
    var addresses: [String]? = nil
}

/// Puts one host's runtime together: the driver, primary storage (libvirt pools, and user-space NFS
/// where the kernel has no NFS client) and the runtime that answers the server.
struct HostAssembly {
    let runtime: AgentRuntime
    let hostName: String

    static func make(driver: any HypervisorDriver, settings: HostSettings, logger: Logger) async throws -> HostAssembly {
        guard let domainType = DomainTypePreference(rawValue: settings.domainType.lowercased()) else {
            throw ValidationFailure("domain.type must be auto, kvm or qemu, not \(settings.domainType)")
        }
        guard let nfsAccess = NFSAccessPreference(rawValue: settings.nfsAccess.lowercased()) else {
            throw ValidationFailure("nfs.access must be auto, kernel or userspace, not \(settings.nfsAccess)")
        }
        let hostName: String
        if let name = settings.hostName {
            hostName = name
        } else {
            hostName = try await driver.fingerprint().hostName
        }
        guard !hostName.isEmpty, hostName != ".", hostName != "..", !hostName.contains("/") else {
            throw ValidationFailure("'\(hostName)' cannot be a host name")
        }
        let configuration = AgentRuntimeConfiguration(
            hostName: settings.hostName, stateDirectory: settings.stateDirectory,
            vmFilesDirectory: settings.vmFilesDirectory ?? AgentRuntimeConfiguration.defaultVMFilesDirectory(hostName: hostName),
            domainType: domainType, nfsAccess: nfsAccess,
            agentVersion: CumuloAgent.version, addresses: settings.addresses)
        let storage = StorageRouter(
            driver: driver, mountRoot: configuration.mountRoot, preference: nfsAccess,
            userspaceNFS: UserspaceNFSStorage(logger: logger))
        let runtime = AgentRuntime(driver: driver, storage: storage, configuration: configuration, logger: logger)
        return HostAssembly(runtime: runtime, hostName: hostName)
    }
}

extension LibvirtDriver: DomainSummaryLookup {}
