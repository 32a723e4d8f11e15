import AgentProtocol
import DomainModel
import Foundation
import Logging
import Persistence

/// Stopping and rebooting a VM. A stop shuts the guest down cleanly (forced after `vm.stop.timeout`
/// seconds, or at once when forced), removes the domain from the host, gives back the host's CPU and
/// memory and drops the VM's DHCP entries there; its addresses and volumes stay for the next start.
struct StopWorkflow: Sendable {
    let db: Database
    let settings: Settings
    let records: InstanceRecords
    let guestNetworks: GuestNetworks
    let agents: AgentService
    let background: BackgroundWork
    let logger: Logger

    func stop(vmId: String, forced: Bool, by initiator: Initiator) async throws -> VirtualMachine {
        try await records.exclusively(vmId) {
            let vm = try await records.liveVM(vmId)
            if vm.state == .stopped { return vm }
            return try await stopOnHost(vm, forced: forced, by: initiator)
        }
    }

    /// Stops a Running VM; the caller holds the VM. A forced stop ends Stopped even when the host cannot
    /// be reached (the caller vouches that the VM is not running).
    func stopOnHost(_ vm: VirtualMachine, forced: Bool, by initiator: Initiator) async throws -> VirtualMachine {
        guard let hostId = vm.hostId else {
            throw DomainError.invalidState("VM \(vm.name) is \(vm.state.rawValue) without a host; it cannot be stopped")
        }
        let stopping = try await db.transaction { store in
            let stopping = try await records.transition(try await records.liveVM(vm.id, in: store), .stopRequested, in: store)
            try await records.record("VM.STOP", "Stopping VM \(vm.name)\(forced ? " (forced)" : "")", vm: stopping, by: initiator, in: store)
            return stopping
        }
        let timeout = max(1, settings.double("vm.stop.timeout"))
        do {
            _ = try await agents.send(.stopVM(name: vm.instanceName, force: forced, timeoutSeconds: timeout), toHost: hostId, timeout: .seconds(timeout + 60))
            _ = try await agents.send(.destroyVM(name: vm.instanceName), toHost: hostId, timeout: .seconds(60))
        } catch {
            if !forced {
                await logger.attempt("VM \(vm.name) stays Stopping until the janitor settles it") {
                    try await db.transaction { store in
                        let back = try await records.transition(try await records.liveVM(vm.id, in: store), .operationFailed, in: store)
                        try await records.record("VM.STOP", "Stopping VM \(vm.name) failed: \(error)", vm: back, by: initiator, level: .error, in: store)
                    }
                }
                throw error
            }
            logger.warning("forced stop of VM \(vm.name): the host could not be told (\(error)); recording it stopped")
        }
        let stopped = try await db.transaction { store in
            try await CapacityLedger.releaseHost(hostId, cpuMHz: vm.cpuNeededMHz, memoryBytes: vm.memoryNeededBytes, in: store)
            let stopped = try await records.transition(try await records.liveVM(stopping.id, in: store), .operationSucceeded, in: store) {
                $0.hostId = nil
                $0.lastHostId = hostId
            }
            try await records.record("VM.STOP", "Stopped VM \(vm.name)", vm: stopped, by: initiator, in: store)
            return stopped
        }
        // Dropping the DHCP entry need not hold up the answer. The store already has the VM off the host, so the
        // spec leaves it out, and a start placing it back there later is not undone by this update.
        let nics = try await records.nics(of: vm.id)
        background.submit("dropping the DHCP entry of VM \(vm.name) on host \(hostId)") { [guestNetworks] in try await guestNetworks.ensureNetworks(nics, onHost: hostId) }
        return stopped
    }

    func reboot(vmId: String, by initiator: Initiator) async throws -> VirtualMachine {
        try await records.exclusively(vmId) {
            let vm = try await records.liveVM(vmId)
            guard vm.state == .running, let hostId = vm.hostId else {
                throw DomainError.invalidState("VM \(vm.name) is \(vm.state.rawValue); only a Running VM can be rebooted")
            }
            _ = try await agents.send(.rebootVM(name: vm.instanceName), toHost: hostId, timeout: .seconds(120))
            try await db.transaction { store in
                try await records.record("VM.REBOOT", "Rebooted VM \(vm.name)", vm: vm, by: initiator, in: store)
            }
            return try await records.liveVM(vmId)
        }
    }
}
