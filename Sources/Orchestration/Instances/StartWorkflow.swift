import AgentProtocol
import DomainModel
import Foundation
import Logging
import Persistence

/// Starting a VM: place it and reserve capacity (→ Starting), make its volumes' files, give the host's
/// DHCP its reservation, start the domain (→ Running). On failure everything this start made is undone;
/// a first start (a deployment) also gives back the VM's addresses and volumes, leaving the VM in Error.
struct StartWorkflow: Sendable {
    let db: Database
    let records: InstanceRecords
    let placement: PlacementReservation
    let guestNetworks: GuestNetworks
    let volumeFiles: VolumeFiles
    let specs: VMSpecAssembly
    let agents: AgentService
    let background: BackgroundWork
    let logger: Logger

    func run(vmId: String, pins: PlacementPins, isDeployment: Bool, by initiator: Initiator) async throws -> VirtualMachine {
        try await records.exclusively(vmId) {
            let vm = try await records.liveVM(vmId)
            guard vm.state == .stopped else {
                throw DomainError.invalidState("VM \(vm.name) is \(vm.state.rawValue); only a Stopped VM can be started")
            }
            let nics = try await records.nics(of: vmId)
            let volumes = try await records.volumes(of: vmId)
            let reserved: PlacementReservation.ReservedStart
            do {
                reserved = try await placement.placeAndReserve(vm, volumes: volumes, pins: pins, by: initiator)
            } catch {
                if isDeployment {
                    await logger.attempt("VM \(vm.name) keeps its records after its placement failed") {
                        try await abandonDeployment(vm, volumes: volumes, hostId: nil, reason: "\(error)", by: initiator)
                    }
                }
                throw error
            }
            let host = reserved.placement.hostId
            var current = reserved.vm
            var ready = try await records.volumes(of: vmId)
            do {
                // When the host already serves every network of the VM, the DHCP reservation is sent once the
                // domain runs: libvirt holds a network for seconds while it changes its DHCP hosts, and a domain
                // start on that network would wait for it. The guest has its address on the config drive at once,
                // and the reservation lands while it boots. Otherwise the network is set up first, alongside the disks.
                let alongside = await guestNetworks.networksServed(nics, onHost: host)
                async let setup: Void = alongside ? () : guestNetworks.ensureNetworks(nics, onHost: host, including: vmId)
                let placedVM = current
                let volumesToMake = ready
                do {
                    ready = try await volumeFiles.provision(volumesToMake, of: placedVM, onHost: host, by: initiator)
                } catch {
                    do { try await setup } catch let networkError {
                        logger.warning("setting up the networks of VM \(placedVM.name) on its host failed too: \(networkError)")
                    }
                    throw error
                }
                try await setup
                let spec = try await specs.vmSpec(current, volumes: ready, nics: nics)
                _ = try await agents.send(.startVM(spec), toHost: host, timeout: .seconds(300))
                if alongside {
                    background.submit("the DHCP reservation of VM \(placedVM.name) (it has its address from the config drive)") { [guestNetworks] in
                        try await guestNetworks.ensureNetworks(nics, onHost: host, including: vmId)
                    }
                }
                current = try await db.transaction { store in
                    let running = try await records.transition(try await records.liveVM(vmId, in: store), .operationSucceeded, in: store) { $0.lastHostId = host }
                    try await records.record("VM.START", "Started VM \(running.name) on host \(reserved.placement.hostName)", vm: running, by: initiator, in: store)
                    return running
                }
                return current
            } catch {
                logger.warning("starting VM \(current.name) on host \(reserved.placement.hostName) failed: \(error)")
                await logger.attempt("domain \(current.instanceName) may be left on host \(reserved.placement.hostName)") {
                    _ = try await agents.send(.destroyVM(name: current.instanceName), toHost: host, timeout: .seconds(60))
                }
                let latest = await logger.attempt("the volumes of VM \(current.name) are undone as first read") { try await records.volumes(of: vmId) } ?? ready
                let placed = current
                let unused = latest.filter { $0.state == .allocated && $0.poolId == reserved.placement.poolId }.reduce(Int64(0)) { $0 + $1.sizeBytes }
                await logger.attempt("VM \(placed.name) stays Starting with capacity held on host \(host) until the janitor settles it") {
                    try await db.transaction { store in
                        try await placement.releaseReservation(hostId: host, vm: placed, poolId: reserved.placement.poolId, unusedBytes: unused, in: store)
                        let stopped = try await records.transition(try await records.liveVM(vmId, in: store), .operationFailed, in: store) { $0.hostId = nil }
                        try await records.record("VM.START", "Starting VM \(stopped.name) on host \(reserved.placement.hostName) failed: \(error)",
                                         vm: stopped, by: initiator, level: .error, in: store)
                        for volume in latest where volume.state == .allocated {
                            _ = try await store.update(Tables.volume, id: volume.id, where: [.equals(.state, .allocated)], set: [.set(.poolId, nil)])
                        }
                    }
                }
                if isDeployment {
                    await logger.attempt("VM \(placed.name) keeps its records after its deployment failed") {
                        try await abandonDeployment(try await records.liveVM(vmId), volumes: latest, hostId: host, reason: "\(error)", by: initiator)
                    }
                } else {
                    await logger.attempt("host \(host) keeps the DHCP entry of VM \(placed.name) until its next network change") {
                        try await guestNetworks.ensureNetworks(nics, onHost: host, excluding: vmId)
                    }
                }
                throw error
            }
        }
    }

    /// Undoes a deployment that could not start: deletes the files of its volumes, drops its DHCP entries,
    /// gives back its addresses, and leaves the VM in Error (to be destroyed or expunged by its owner).
    func abandonDeployment(_ vm: VirtualMachine, volumes: [Volume], hostId: String?, reason: String, by initiator: Initiator) async throws {
        let nics = try await records.nics(of: vm.id)
        let left = await volumeFiles.deleteFiles(volumes.filter { $0.path != nil }, throughHost: hostId)
        let now = Date()
        try await db.transaction { store in
            for nic in nics {
                try await store.overwrite(Tables.nic, id: nic.id, set: [.set(.removed, now)])
            }
            for volume in volumes {
                let kept = left.contains { $0.id == volume.id }
                if let poolId = volume.poolId, !kept, volume.state != .allocated {
                    try await CapacityLedger.releasePool(poolId, bytes: volume.sizeBytes, in: store)
                }
                // A file that could not be deleted stays recorded (Destroy, detached) for the expunge task.
                try await store.overwrite(
                    Tables.volume, id: volume.id,
                    set: kept ? [.set(.state, .destroy), .set(.vmId, nil), .set(.deviceId, nil)] : [.set(.state, .expunged), .set(.removed, now)])
            }
            let failed = try await records.transition(try await records.liveVM(vm.id, in: store), .operationFailed, in: store)
            try await records.record("VM.CREATE", "Deployment of VM \(failed.name) failed and was undone: \(reason)", vm: failed, by: initiator, level: .error, in: store)
        }
        if let hostId {
            await logger.attempt("host \(hostId) keeps the DHCP entry of VM \(vm.name) until its next network change") {
                try await guestNetworks.ensureNetworks(nics, onHost: hostId, excluding: vm.id)
            }
        }
    }
}
