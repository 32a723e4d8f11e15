import DomainModel
import Foundation
import Logging
import Persistence
import ServiceLifecycle

/// The instance service's background work: every `expunge.interval` seconds it expunges VMs Destroyed
/// longer than `expunge.delay` and retries the deletion of volume files a host could not delete before;
/// every few seconds it settles VMs left Starting or Stopping by a workflow that is gone (a server restart)
/// on hosts that no longer report, by treating their host as down.
public struct InstanceJanitor: Service {
    let db: Database
    let settings: Settings
    let events: EventRecorder
    let records: InstanceRecords
    /// VMs a workflow of this process is working on; the janitor leaves them alone.
    let claims: WorkClaims
    let removals: RemovalWorkflows
    let volumeFiles: VolumeFiles
    let poolHosts: PoolHosts
    let agents: AgentService
    let logger: Logger

    public func run() async throws {
        var lastExpunge = ContinuousClock.now - .seconds(86_400 * 365)
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            guard await pause(for: .seconds(2)) else { return }
            await settleOrphanedTransitions()
            let interval = max(1, settings.double("expunge.interval"))
            if ContinuousClock.now - lastExpunge >= .milliseconds(Int64(interval * 1000)) {
                lastExpunge = .now
                await expungeDue()
            }
        }
    }
}

extension InstanceJanitor {
    /// Expunges Destroyed VMs whose destroy is older than `expunge.delay`, and deletes leftover volume files.
    func expungeDue() async {
        do {
            let delay = max(0, settings.double("expunge.delay"))
            let destroyed = try await db.read.all(Tables.vmInstance, [.equals(.state, VirtualMachineState.destroyed), .isNull(.removed)])
            let initiator = try await agents.system()
            for vm in destroyed where !claims.contains(vm.id) {
                let events = try await db.read.all(Tables.event, [.equals(.resourceId, vm.id), .equals(.type, "VM.DESTROY")])
                let since = events.map(\.created).max() ?? vm.created
                guard Date().timeIntervalSince(since) >= delay else { continue }
                do {
                    try await removals.expunge(vmId: vm.id, by: initiator)
                } catch {
                    logger.warning("expunging VM \(vm.name) failed; retried later: \(error)")
                }
            }
            try await deleteLeftoverVolumes(by: initiator)
        } catch {
            logger.warning("the expunge task failed: \(error)")
        }
    }

    /// Volumes in Destroy without a VM whose file is still on a pool: deleted through any connected host reaching it.
    func deleteLeftoverVolumes(by initiator: Initiator) async throws {
        let leftovers = try await db.read.all(Tables.volume, [.equals(.state, VolumeState.destroy), .isNull(.vmId), .isNull(.removed), .notNull(.path)])
        for volume in leftovers where volume.type == .root {
            guard let poolId = volume.poolId, let host = try await poolHosts.connectedHost(reaching: poolId) else { continue }
            guard await volumeFiles.deleteFiles([volume], throughHost: host).isEmpty else { continue }
            try await db.transaction { store in
                try await CapacityLedger.releasePool(poolId, bytes: volume.sizeBytes, in: store)
                try await store.overwrite(Tables.volume, id: volume.id, set: [.set(.state, .expunged), .set(.removed, Date())])
                try await events.record("VOLUME.DELETE", "Deleted the leftover file of volume \(volume.name)", by: initiator,
                                        resourceId: volume.id, resourceType: "Volume", in: store)
            }
        }
    }

    /// VMs Starting or Stopping with no workflow of this process on them, whose host has no live session:
    /// their host is treated as down (→ Stopped, capacity given back), so no VM stays Starting for ever.
    func settleOrphanedTransitions() async {
        guard let stuck = await logger.attempt("VMs left Starting or Stopping are not settled this round", {
            try await db.read.all(Tables.vmInstance, [.isIn(.state, [VirtualMachineState.starting, .stopping]), .isNull(.removed)])
        }) else { return }
        for vm in stuck where !claims.contains(vm.id) {
            if let hostId = vm.hostId, await agents.liveFigures(ofHost: hostId) != nil { continue }
            guard claims.claim(vm.id) else { continue }
            defer { claims.release(vm.id) }
            do {
                let initiator = Initiator(userId: nil, accountId: vm.accountId, domainId: vm.domainId)
                try await db.transaction { store in
                    let current = try await records.liveVM(vm.id, in: store)
                    guard current.rowVersion == vm.rowVersion else { return }
                    if let hostId = vm.hostId {
                        try await CapacityLedger.releaseHost(hostId, cpuMHz: vm.cpuNeededMHz, memoryBytes: vm.memoryNeededBytes, in: store)
                    }
                    let settled = try await records.transition(current, .hostDown, in: store) { $0.hostId = nil; $0.lastHostId = vm.hostId ?? vm.lastHostId }
                    try await records.record("VM.STATE.SYNC", "VM \(vm.name) was \(vm.state.rawValue) with no operation left on it and its host not connected; recorded Stopped",
                                     vm: settled, by: initiator, level: .warn, in: store)
                }
            } catch {
                logger.warning("settling VM \(vm.name) failed: \(error)")
            }
        }
    }
}
