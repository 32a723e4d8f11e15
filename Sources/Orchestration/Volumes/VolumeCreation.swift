import DomainModel
import Foundation
import Persistence

/// Creating a DATA volume: the zone and disk offering are checked and the volume recorded Allocated,
/// without a pool. Its file is made when it is attached to a VM whose ROOT volume has one.
extension VolumeService {
    func createWorkflow(_ request: VolumeRequest, owner: Account, by initiator: Initiator) async throws -> Volume {
        guard let zone = try await db.read.find(Tables.zone, id: request.zoneId) else {
            throw DomainError.notFound(kind: "zone", id: request.zoneId, parameter: "zoneid")
        }
        if zone.allocationState == .disabled, try await !isRootAdmin(initiator) {
            throw DomainError.permissionDenied("Zone \(zone.name) is disabled; only a root administrator can create volumes in it")
        }
        guard let offering = try await db.read.find(Tables.diskOffering, id: request.diskOfferingId), offering.removed == nil else {
            throw DomainError.notFound(kind: "disk offering", id: request.diskOfferingId, parameter: "diskofferingid")
        }
        try VolumeRules.checkZone(of: offering, zone: zone)
        try await checkDomain(of: offering, for: owner)
        let bytes = try VolumeRules.sizeBytes(of: offering, sizeGB: request.sizeGB)
        let volumeId = ResourceID.make()
        let name = try VolumeRules.name(request.name, volumeId: volumeId)
        if let vmId = request.vmId {
            let vm = try await liveVM(vmId)
            try Self.checkSameOwnerAndZone(volumeName: name, accountId: owner.id, zoneId: zone.id, zoneName: zone.name, vm: vm)
            try VolumeRules.checkAttach(to: vm, volumeName: name)
        }
        let volume = Volume(
            id: volumeId, name: name, accountId: owner.id, domainId: owner.domainId, zoneId: zone.id, type: .dataDisk,
            sizeBytes: bytes, diskOfferingId: offering.id)
        try await db.transaction { store in
            try await store.insert(volume, into: Tables.volume)
            try await record("VOLUME.CREATE", "Created volume \(name) of \(CapacityUnits.size(bytes)) (disk offering \(offering.name)) in zone \(zone.name)",
                             volume: volume, by: initiator, in: store)
        }
        if let vmId = request.vmId {
            return try await attachWorkflow(volumeId: volume.id, vmId: vmId, deviceId: nil, by: initiator)
        }
        return try await liveVolume(volume.id)
    }

    /// A volume goes only to VMs of its own account in its own zone.
    static func checkSameOwnerAndZone(volumeName: String, accountId: String, zoneId: String, zoneName: String, vm: VirtualMachine) throws {
        guard vm.accountId == accountId else {
            throw DomainError.invalidParameter("Volume \(volumeName) and VM \(vm.name) belong to different accounts; a volume is attached only to VMs of its own account")
        }
        guard vm.zoneId == zoneId else {
            throw DomainError.invalidParameter("Volume \(volumeName) is in zone \(zoneName) and VM \(vm.name) is not; a volume is attached only to VMs of its zone")
        }
    }

    /// Offerings limited to some domains are used by accounts of those domains and their subdomains.
    func checkDomain(of offering: DiskOffering, for owner: Account) async throws {
        guard let ids = offering.domainIds, !ids.isEmpty, owner.type != .rootAdmin else { return }
        let domains = try await db.read.all(Tables.domain)
        guard let domain = domains.first(where: { $0.id == owner.domainId }) else {
            throw DomainError.invalidState("The domain of account \(owner.name) no longer exists")
        }
        let paths = Dictionary(uniqueKeysWithValues: domains.map { ($0.id, $0.path) })
        if offering.isAvailable(toDomainPath: domain.path, domainPaths: paths) { return }
        throw DomainError.permissionDenied("Disk offering \(offering.name) is not available to account \(owner.name) in domain \(domain.name)")
    }

    func isRootAdmin(_ initiator: Initiator) async throws -> Bool {
        try await db.read.find(Tables.account, id: initiator.accountId)?.type == .rootAdmin
    }
}
