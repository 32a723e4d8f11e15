import AgentProtocol
import DomainModel
import Foundation
import Logging
import Persistence

/// Destroying, recovering and expunging VMs. A Destroyed VM keeps its ROOT volume and addresses and can
/// be recovered until it is expunged — at once with `expunge`, or by the expunge task after `expunge.delay`.
/// Expunging removes the domain, deletes the ROOT volume's file, detaches DATA volumes (they stay) and
/// frees the VM's addresses.
struct RemovalWorkflows: Sendable {
    let db: Database
    let events: EventRecorder
    let records: InstanceRecords
    let stops: StopWorkflow
    let volumeFiles: VolumeFiles
    let agents: AgentService
    let logger: Logger

    func destroy(vmId: String, expunge: Bool, by initiator: Initiator) async throws -> VirtualMachine {
        try await records.exclusively(vmId) {
            var vm = try await records.liveVM(vmId)
            if vm.state == .running || vm.state == .stopping {
                vm = try await stops.stopOnHost(vm, forced: true, by: initiator)
            }
            if vm.state != .destroyed {
                vm = try await db.transaction { store in
                    let current = try await records.liveVM(vmId, in: store)
                    guard current.state == .stopped || current.state == .error else {
                        throw DomainError.invalidState("VM \(current.name) is \(current.state.rawValue); it can be destroyed when Running, Stopped or in Error")
                    }
                    let destroyed = current.state == .error ? current : try await records.transition(current, .destroyRequested, in: store)
                    for volume in try await records.volumes(of: vmId, in: store) where volume.type == .root {
                        try await store.overwrite(Tables.volume, id: volume.id, set: [.set(.state, .destroy)])
                    }
                    try await records.record("VM.DESTROY", "Destroyed VM \(current.name)", vm: destroyed, by: initiator, in: store)
                    return destroyed
                }
            }
            if expunge {
                try await expungeHeld(vm, by: initiator)
                return try await db.read.find(Tables.vmInstance, id: vmId) ?? vm
            }
            return vm
        }
    }

    func recover(vmId: String, by initiator: Initiator) async throws -> VirtualMachine {
        try await records.exclusively(vmId) {
            try await db.transaction { store in
                let vm = try await records.liveVM(vmId, in: store)
                guard vm.state == .destroyed else {
                    throw DomainError.invalidState("VM \(vm.name) is \(vm.state.rawValue); only a Destroyed VM can be recovered")
                }
                let recovered = try await records.transition(vm, .recoveryRequested, in: store)
                for volume in try await records.volumes(of: vmId, in: store) where volume.state == .destroy {
                    let back: VolumeState = volume.path == nil ? .allocated : .ready
                    try await store.overwrite(Tables.volume, id: volume.id, set: [.set(.state, back)])
                }
                try await records.record("VM.RECOVER", "Recovered VM \(vm.name)", vm: recovered, by: initiator, in: store)
                return recovered
            }
        }
    }

    func expunge(vmId: String, by initiator: Initiator) async throws {
        try await records.exclusively(vmId) {
            let vm = try await records.liveVM(vmId)
            guard [.destroyed, .error, .expunging].contains(vm.state) else {
                throw DomainError.invalidState("VM \(vm.name) is \(vm.state.rawValue); destroy it before expunging it")
            }
            try await expungeHeld(vm, by: initiator)
        }
    }

    /// Expunges a Destroyed or Error VM that the caller holds.
    func expungeHeld(_ vm: VirtualMachine, by initiator: Initiator) async throws {
        let expunging = try await db.transaction { store in
            let current = try await records.liveVM(vm.id, in: store)
            let next = current.state == .expunging ? current : try await records.transition(current, .expungeRequested, in: store)
            try await records.record("VM.EXPUNGE", "Expunging VM \(vm.name)", vm: next, by: initiator, in: store)
            return next
        }
        let volumes = try await records.volumes(of: vm.id)
        let roots = volumes.filter { $0.type == .root }
        let host = try await hostForCleanup(of: expunging, pools: Set(roots.compactMap(\.poolId)))
        if let host {
            do {
                _ = try await agents.send(.destroyVM(name: vm.instanceName), toHost: host, timeout: .seconds(60))
            } catch {
                logger.warning("expunging VM \(vm.name): could not remove its domain from its host: \(error)")
            }
        }
        let left = await volumeFiles.deleteFiles(roots, throughHost: host)
        if !left.isEmpty {
            throw DomainError.unavailable("The ROOT volume of VM \(vm.name) could not be deleted: no host reaching its pool answered; the expunge is retried later")
        }
        let nics = try await records.nics(of: vm.id)
        let now = Date()
        try await db.transaction { store in
            for volume in roots {
                if let poolId = volume.poolId, volume.path != nil {
                    try await CapacityLedger.releasePool(poolId, bytes: volume.sizeBytes, in: store)
                }
                try await store.overwrite(Tables.volume, id: volume.id, set: [.set(.state, .expunged), .set(.removed, now)])
                try await events.record("VOLUME.DELETE", "Deleted volume \(volume.name) of VM \(vm.name)", by: initiator,
                                        resourceId: volume.id, resourceType: "Volume", in: store)
            }
            for volume in volumes where volume.type != .root {
                try await store.overwrite(Tables.volume, id: volume.id, set: [.set(.vmId, nil), .set(.deviceId, nil)])
            }
            for nic in nics {
                try await store.overwrite(Tables.nic, id: nic.id, set: [.set(.removed, now)])
            }
            let current = try await records.liveVM(vm.id, in: store)
            let done = try await records.transition(current, .operationSucceeded, in: store) { $0.removed = now; $0.hostId = nil }
            try await records.record("VM.EXPUNGE", "Expunged VM \(vm.name): its volumes are deleted and its addresses free", vm: done, by: initiator, in: store)
        }
    }

    /// A connected host that can remove the VM's domain and reach its pools: its last host when it is
    /// connected, else any connected host attached to one of `pools`.
    func hostForCleanup(of vm: VirtualMachine, pools: Set<String>) async throws -> String? {
        var candidates = [vm.hostId, vm.lastHostId].compactMap { $0 }
        let refs = try await db.read.all(Tables.storagePoolHost, [.isIn(.poolId, Array(pools))], orderBy: .id)
        candidates += refs.filter { $0.error == nil }.map(\.hostId)
        for hostId in candidates where await agents.liveFigures(ofHost: hostId) != nil {
            return hostId
        }
        return nil
    }
}
