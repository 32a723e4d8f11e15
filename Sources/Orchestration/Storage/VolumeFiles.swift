import AgentProtocol
import DomainModel
import Foundation
import Logging
import Persistence

/// Makes and deletes the files of volumes on primary storage, through a host that reaches the pool: a blank
/// qcow2 for ISO deployments and DATA disks, and for a template a qcow2 overlay on the pool's copy of the
/// template (`template-<id>`, copied from the image store once per pool and kept as the backing file).
/// Instances and volumes share one, so a template is copied into a pool once whoever asks first.
struct VolumeFiles: Sendable {
    let db: Database
    let events: EventRecorder
    let agents: AgentService
    let imageLocations: ImageLocations
    let logger: Logger
    /// Template copies, one at a time per pool and template.
    let copies = KeyedSerialQueue()

    /// Creates the files of `volumes` that have none yet on `hostId`; returns every volume, updated.
    func provision(_ volumes: [Volume], of vm: VirtualMachine, onHost hostId: String, by initiator: Initiator) async throws -> [Volume] {
        var result: [Volume] = []
        for volume in volumes {
            guard volume.state == .allocated else {
                result.append(volume)
                continue
            }
            guard let poolId = volume.poolId else {
                throw DomainError.invalidState("Volume \(volume.name) has no pool chosen")
            }
            var backing: String?
            if let templateId = volume.templateId {
                backing = try await templateCopy(templateId, zoneId: vm.zoneId, poolId: poolId, hostId: hostId)
            }
            let spec = VolumeSpec(poolId: poolId, name: volume.id, sizeBytes: volume.sizeBytes, backingVolume: backing)
            let answer = try await agents.send(.createVolume(spec), toHost: hostId, timeout: .seconds(600))
            guard case .volume(let report) = answer else {
                throw DomainError.unavailable("Host answered creating volume \(volume.name) with \(answer)")
            }
            let created = try await db.transaction { store in
                var row = volume
                let written = try await store.update(&row, in: Tables.volume) {
                    $0.state = .ready
                    $0.path = report.name
                    $0.sizeBytes = max(volume.sizeBytes, report.virtualSizeBytes)
                }
                guard written else { throw DomainError.concurrentModification("Volume \(volume.name) changed while it was created") }
                try await events.record("VOLUME.CREATE", "Created volume \(volume.name) of VM \(vm.name) on its pool",
                                        by: initiator, resourceId: volume.id, resourceType: "Volume", in: store)
                return row
            }
            result.append(created)
        }
        return result
    }

    /// The name of the pool's copy of a template, copying it there first when needed (one copy at a time
    /// per pool and template).
    func templateCopy(_ templateId: String, zoneId: String, poolId: String, hostId: String) async throws -> String {
        guard let template = try await db.read.find(Tables.template, id: templateId) else {
            throw DomainError.invalidState("Template \(templateId) no longer exists")
        }
        guard let zone = try await db.read.find(Tables.zone, id: zoneId) else {
            throw DomainError.notFound(kind: "zone", id: zoneId, parameter: "zoneid")
        }
        let location = try await imageLocations.imageLocation(of: template, zoneId: zoneId)
        let ref = try await imageLocations.readyReference(of: template, inZone: zone)
        let name = "template-\(templateId)"
        try await copies.run("\(poolId)/\(templateId)") { [agents] in
            let spec = VolumeSpec(poolId: poolId, name: name, sizeBytes: ref.size, sourceImage: location,
                                  sourceFormat: ImageFormat(name: template.format) == .raw ? .raw : .qcow2)
            _ = try await agents.send(.createVolume(spec), toHost: hostId, timeout: .seconds(1800))
        }
        return name
    }

    /// Deletes the files of `volumes` through `hostId`, best effort; returns the ones that could not be deleted.
    func deleteFiles(_ volumes: [Volume], throughHost hostId: String?) async -> [Volume] {
        var left: [Volume] = []
        for volume in volumes {
            guard let poolId = volume.poolId, let path = volume.path else { continue }
            do {
                guard let hostId else { throw DomainError.unavailable("no host reaches the pool") }
                _ = try await agents.send(.deleteVolume(poolId: poolId, name: path), toHost: hostId, timeout: .seconds(120))
            } catch {
                logger.warning("could not delete the file of volume \(volume.name): \(error)")
                left.append(volume)
            }
        }
        return left
    }
}
