import AgentProtocol
import DomainModel
import Foundation
import Persistence

/// Attaching and detaching DATA volumes. An attach first makes an Allocated volume's file on the pool of
/// the VM's ROOT volume (when it has one), then plugs the disk into a Running VM; a Stopped VM takes its
/// attached volumes at its next start. A detach unplugs the disk from a Running VM first. The VM is held
/// for the whole workflow, so neither races a start, stop or destroy of this process.
extension VolumeService {
    func attachWorkflow(volumeId: String, vmId: String, deviceId requested: Int?, by initiator: Initiator) async throws -> Volume {
        try await vmClaims.exclusively(vmId, what: "this VM") {
            try await holding(volumeId) { volume in
                let vm = try await liveVM(vmId)
                guard volume.type == .dataDisk else {
                    throw DomainError.invalidParameter("Volume \(volume.name) is a ROOT volume; only data disks can be attached")
                }
                if let current = volume.vmId {
                    let name = current == vm.id ? vm.name : (try await db.read.find(Tables.vmInstance, id: current)?.name ?? current)
                    throw DomainError.invalidState("Volume \(volume.name) is already attached to VM \(name)\(current == vm.id ? "" : "; detach it first")")
                }
                guard volume.state == .allocated || volume.state == .ready else {
                    throw DomainError.invalidState("Volume \(volume.name) is \(volume.state.rawValue); only an Allocated or Ready volume can be attached")
                }
                try VolumeRules.checkAttach(to: vm, volumeName: volume.name)
                let zoneName = try await db.read.find(Tables.zone, id: volume.zoneId)?.name ?? volume.zoneId
                try Self.checkSameOwnerAndZone(volumeName: volume.name, accountId: volume.accountId, zoneId: volume.zoneId, zoneName: zoneName, vm: vm)
                let attached = try await db.read.volumes(attachedTo: vm.id)
                let deviceId = try VolumeRules.deviceId(requested: requested, used: attached.compactMap(\.deviceId), volumeName: volume.name, vmName: vm.name)
                var current = try await placeFile(of: volume, for: vm, beside: attached, by: initiator)
                if vm.state == .running {
                    current = try await plug(current, into: vm, at: deviceId)
                }
                let placed = current
                do {
                    return try await db.transaction { store in
                        if let taken = try await store.first(Tables.volume, [.equals(.vmId, vm.id), .equals(.deviceId, deviceId), .isNull(.removed)]) {
                            throw DomainError.concurrentModification("Volume \(taken.name) took device id \(deviceId) of VM \(vm.name) meanwhile; try again")
                        }
                        let updated = try await update(placed, in: store) { $0.vmId = vm.id; $0.deviceId = deviceId }
                        try await record("VOLUME.ATTACH", "Attached volume \(placed.name) to VM \(vm.name) as device \(deviceId)",
                                         volume: updated, by: initiator, in: store)
                        return updated
                    }
                } catch {
                    if vm.state == .running, let hostId = vm.hostId {
                        await logger.attempt("disk \(deviceId) may stay plugged into VM \(vm.name) after its attach failed") {
                            _ = try await agents.send(.detachDisk(vmName: vm.instanceName, deviceId: deviceId), toHost: hostId, timeout: .seconds(60))
                        }
                    }
                    throw error
                }
            }
        }
    }

    /// Makes sure the volume can be used by the VM's hosts: a Ready volume must be on a pool they reach;
    /// an Allocated one gets its file on the pool of the VM's ROOT volume, when that has one (else the VM's
    /// next start makes it). Returns the volume as it is now.
    private func placeFile(of volume: Volume, for vm: VirtualMachine, beside attached: [Volume], by initiator: Initiator) async throws -> Volume {
        let anchor = try await attached.compactMap(\.poolId).first.asyncMap { try await pool($0) }
        if volume.state == .ready, let poolId = volume.poolId {
            let volumePool = try await pool(poolId)
            guard VolumeRules.reaches(volumePool, anchor: anchor) else {
                throw DomainError.invalidParameter(
                    "Volume \(volume.name) is on primary storage pool \(volumePool.name), which the hosts of VM \(vm.name) do not reach (its disks are on \(anchor?.name ?? "another pool"))")
            }
            if vm.state == .running, let hostId = vm.hostId, try await !host(hostId, reaches: poolId) {
                let hostName = try await db.read.find(Tables.host, id: hostId)?.name ?? hostId
                throw DomainError.invalidParameter("Host \(hostName), where VM \(vm.name) runs, has no access to primary storage pool \(volumePool.name) of volume \(volume.name)")
            }
            return volume
        }
        guard volume.state == .allocated, let poolId = attached.first(where: { $0.type == .root })?.poolId else {
            if vm.state == .running {
                throw DomainError.invalidState("The ROOT volume of VM \(vm.name) has no pool, so volume \(volume.name) cannot be created for it")
            }
            return volume
        }
        let rootPool = try await pool(poolId)
        let hostId: String
        if vm.state == .running {
            guard let running = vm.hostId else { throw DomainError.invalidState("VM \(vm.name) is Running without a host") }
            hostId = running
        } else {
            guard let reaching = try await poolHosts.connectedHost(reaching: poolId, preferring: [vm.lastHostId]) else {
                throw noHost(reaching: rootPool, for: volume, to: "created")
            }
            hostId = reaching
        }
        let reserved = try await db.transaction { store in
            try await reservePool(poolId, bytes: volume.sizeBytes, forNewFile: true, volumeName: volume.name, in: store)
            return try await update(volume, in: store) { $0.poolId = poolId }
        }
        do {
            let created = try await volumeFiles.provision([reserved], of: vm, onHost: hostId, by: initiator)
            guard let ready = created.first, ready.state == .ready, ready.path != nil else {
                throw DomainError.invalidState("Volume \(volume.name) was not created on pool \(rootPool.name)")
            }
            logger.info("created the file of volume \(volume.name) on pool \(rootPool.name) for VM \(vm.name)")
            return ready
        } catch {
            await logger.attempt("pool \(poolId) keeps \(volume.sizeBytes) bytes reserved for volume \(volume.name), whose file was not made") {
                try await db.transaction { store in
                    try await CapacityLedger.releasePool(poolId, bytes: volume.sizeBytes, in: store)
                    let current = try await liveVolume(volume.id, in: store)
                    if current.state == .allocated {
                        try await update(current, in: store) { $0.poolId = nil }
                    }
                }
            }
            throw error
        }
    }

    /// Hot-plugs the volume's file into the Running VM at `deviceId`.
    private func plug(_ volume: Volume, into vm: VirtualMachine, at deviceId: Int) async throws -> Volume {
        guard let hostId = vm.hostId else { throw DomainError.invalidState("VM \(vm.name) is Running without a host") }
        guard let poolId = volume.poolId, let path = volume.path else {
            throw DomainError.invalidState("Volume \(volume.name) has no file yet, so it cannot be plugged into VM \(vm.name)")
        }
        let disk = DiskSpec(kind: .disk, source: .volume(poolId: poolId, name: path), deviceId: deviceId)
        _ = try await agents.send(.attachDisk(vmName: vm.instanceName, disk: disk), toHost: hostId, timeout: .seconds(120))
        return volume
    }

    func detachWorkflow(volumeId: String, by initiator: Initiator) async throws -> Volume {
        try await holding(volumeId) { volume in
            guard volume.type == .dataDisk else {
                let owner = try await volume.vmId.asyncMap { try await db.read.find(Tables.vmInstance, id: $0)?.name ?? $0 }
                throw DomainError.invalidParameter("Volume \(volume.name) is the ROOT volume\(owner.map { " of VM \($0)" } ?? ""); a ROOT volume cannot be detached")
            }
            guard let vmId = volume.vmId else {
                throw DomainError.invalidState("Volume \(volume.name) is not attached to a VM")
            }
            return try await vmClaims.exclusively(vmId, what: "this VM") {
                let volume = try await liveVolume(volumeId)
                guard volume.vmId == vmId else {
                    throw DomainError.concurrentModification("Volume \(volume.name) was detached meanwhile")
                }
                let vm = try await db.read.find(Tables.vmInstance, id: vmId)
                if let vm, vm.removed == nil {
                    try VolumeRules.checkDetach(from: vm, volumeName: volume.name)
                    if vm.state == .running, let deviceId = volume.deviceId {
                        guard let hostId = vm.hostId else { throw DomainError.invalidState("VM \(vm.name) is Running without a host") }
                        _ = try await agents.send(.detachDisk(vmName: vm.instanceName, deviceId: deviceId), toHost: hostId, timeout: .seconds(120))
                    }
                }
                return try await db.transaction { store in
                    let updated = try await update(volume, in: store) { $0.vmId = nil; $0.deviceId = nil }
                    try await record("VOLUME.DETACH", "Detached volume \(volume.name) from VM \(vm?.name ?? vmId)", volume: updated, by: initiator, in: store)
                    return updated
                }
            }
        }
    }
}
