import AgentProtocol
import DomainModel
import Foundation
import Persistence

/// Resizing a volume to a new disk offering's size or to a custom size. An Allocated volume only changes
/// its record. A volume with a file is grown through a connected host reaching its pool, with the growth
/// reserved on the pool first; files are never shrunk, and a volume of a Running VM is not resized,
/// because the host resizes the file without telling the guest.
extension VolumeService {
    func resizeWorkflow(volumeId: String, diskOfferingId: String?, sizeGB: Int64?, shrinkOK: Bool, by initiator: Initiator) async throws -> Volume {
        try await holding(volumeId) { volume in
            guard let vmId = volume.vmId else {
                return try await resizeHeld(volume, vm: nil, diskOfferingId: diskOfferingId, sizeGB: sizeGB, shrinkOK: shrinkOK, by: initiator)
            }
            return try await vmClaims.exclusively(vmId, what: "this VM") {
                let volume = try await liveVolume(volumeId)
                let vm = try await volume.vmId.asyncMap { try await db.read.find(Tables.vmInstance, id: $0) } ?? nil
                return try await resizeHeld(volume, vm: vm, diskOfferingId: diskOfferingId, sizeGB: sizeGB, shrinkOK: shrinkOK, by: initiator)
            }
        }
    }

    /// Resizes a volume the caller holds, together with the VM it is attached to.
    private func resizeHeld(_ volume: Volume, vm: VirtualMachine?, diskOfferingId: String?, sizeGB: Int64?, shrinkOK: Bool,
                            by initiator: Initiator) async throws -> Volume {
        guard volume.state == .allocated || volume.state == .ready else {
            throw DomainError.invalidState("Volume \(volume.name) is \(volume.state.rawValue); only an Allocated or Ready volume can be resized")
        }
        if let vm, vm.removed == nil {
            try VolumeRules.checkResize(attachedTo: vm, volumeName: volume.name)
        }
        var newOffering: DiskOffering?
        if let diskOfferingId {
            guard let found = try await db.read.find(Tables.diskOffering, id: diskOfferingId), found.removed == nil else {
                throw DomainError.notFound(kind: "disk offering", id: diskOfferingId, parameter: "diskofferingid")
            }
            if let zone = try await db.read.find(Tables.zone, id: volume.zoneId) {
                try VolumeRules.checkZone(of: found, zone: zone)
            }
            if let owner = try await db.read.find(Tables.account, id: volume.accountId) {
                try await checkDomain(of: found, for: owner)
            }
            newOffering = found
        }
        let currentOffering = try await volume.diskOfferingId.asyncMap { try await db.read.find(Tables.diskOffering, id: $0) } ?? nil
        let bytes = try VolumeRules.resizedBytes(of: volume, currentOffering: currentOffering, newOffering: newOffering, sizeGB: sizeGB, shrinkOK: shrinkOK)
        let offeringId = newOffering?.id ?? volume.diskOfferingId
        if bytes == volume.sizeBytes && offeringId == volume.diskOfferingId { return volume }
        var finalBytes = bytes
        if let poolId = volume.poolId, let path = volume.path, bytes != volume.sizeBytes {
            finalBytes = try await growFile(of: volume, poolId: poolId, path: path, to: bytes, preferring: [vm?.lastHostId])
        }
        let size = finalBytes
        let offeringName = newOffering?.name
        return try await db.transaction { store in
            let updated = try await update(volume, in: store) { $0.sizeBytes = size; $0.diskOfferingId = offeringId }
            let change = size == volume.sizeBytes ? "kept at \(CapacityUnits.size(size))"
                : "from \(CapacityUnits.size(volume.sizeBytes)) to \(CapacityUnits.size(size))"
            let offering = offeringName.map { ", disk offering \($0)" } ?? ""
            try await record("VOLUME.RESIZE", "Resized volume \(volume.name) \(change)\(offering)", volume: updated, by: initiator, in: store)
            return updated
        }
    }

    /// Grows the volume's file to `bytes` through a host reaching its pool, with the growth reserved on the
    /// pool first (and given back when the host fails); returns the size the host reports.
    private func growFile(of volume: Volume, poolId: String, path: String, to bytes: Int64, preferring: [String?]) async throws -> Int64 {
        let pool = try await pool(poolId)
        guard let hostId = try await poolHosts.connectedHost(reaching: poolId, preferring: preferring) else {
            throw noHost(reaching: pool, for: volume, to: "resized")
        }
        let growth = bytes - volume.sizeBytes
        try await db.transaction { store in
            try await reservePool(poolId, bytes: growth, forNewFile: false, volumeName: volume.name, in: store)
        }
        let answer: CommandResult
        do {
            answer = try await agents.send(.resizeVolume(poolId: poolId, name: path, sizeBytes: bytes), toHost: hostId, timeout: .seconds(300))
        } catch {
            await logger.attempt("pool \(poolId) keeps \(growth) bytes reserved for a resize that did not happen") {
                try await db.transaction { store in try await CapacityLedger.releasePool(poolId, bytes: growth, in: store) }
            }
            throw error
        }
        guard case .volume(let report) = answer, report.virtualSizeBytes > bytes else { return bytes }
        // The host rounded the size up: the pool holds what the file now claims.
        try await db.transaction { store in
            try await CapacityLedger.addToPool(poolId, bytes: report.virtualSizeBytes - bytes, in: store)
        }
        return report.virtualSizeBytes
    }
}
