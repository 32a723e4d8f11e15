import DomainModel
import Foundation
import Logging
import Persistence

/// DATA disks: creating them on primary storage, attaching them to VMs (live when the VM runs),
/// detaching, resizing and deleting them. ROOT disks are made and removed by `InstanceService`.
///
/// A volume is recorded Allocated, without a file; its file is made on the pool of the VM's ROOT volume
/// when it is attached to a VM that has one, or by the VM's next start otherwise. A workflow holds the
/// volume (and the VM it touches, through the VM claims it shares with the instance workflows) for its
/// whole length, so operations on one volume or VM never interleave in this process; every change is a
/// compare-and-set on `row_version` written with its event in one transaction.
public final class VolumeService: Sendable {
    let db: Database
    let settings: Settings
    let events: EventRecorder
    let agents: AgentService
    let logger: Logger
    /// Volumes a workflow of this process is working on; a second workflow on the same volume is refused.
    let claims = WorkClaims()
    /// The VMs instance workflows are working on: a volume workflow that touches a VM claims it there.
    let vmClaims: WorkClaims
    let volumeFiles: VolumeFiles
    let poolHosts: PoolHosts

    init(db: Database, settings: Settings, events: EventRecorder, agents: AgentService, vmClaims: WorkClaims, volumeFiles: VolumeFiles,
         poolHosts: PoolHosts, logger: Logger) {
        self.db = db
        self.settings = settings
        self.events = events
        self.agents = agents
        self.vmClaims = vmClaims
        self.volumeFiles = volumeFiles
        self.poolHosts = poolHosts
        self.logger = logger
    }

    /// Records a DATA volume (Allocated; its file is made when it is first attached to a VM that has a pool),
    /// and attaches it to `request.vmId` when given.
    public func create(_ request: VolumeRequest, owner: Account, by initiator: Initiator) async throws -> Volume {
        try await createWorkflow(request, owner: owner, by: initiator)
    }

    /// Attaches a DATA volume to a VM of the same account and zone, at `deviceId` or the next free slot.
    public func attach(volumeId: String, vmId: String, deviceId: Int?, by initiator: Initiator) async throws -> Volume {
        try await attachWorkflow(volumeId: volumeId, vmId: vmId, deviceId: deviceId, by: initiator)
    }

    /// Detaches a DATA volume from its VM (unplugged first when the VM runs); the volume and its file stay.
    public func detach(volumeId: String, by initiator: Initiator) async throws -> Volume {
        try await detachWorkflow(volumeId: volumeId, by: initiator)
    }

    /// Deletes a detached DATA volume and its file.
    public func delete(volumeId: String, by initiator: Initiator) async throws {
        try await deleteWorkflow(volumeId: volumeId, by: initiator)
    }

    /// Grows (or, with `shrinkOK`, shrinks) a volume to the disk offering's size or `sizeGB`.
    public func resize(volumeId: String, diskOfferingId: String?, sizeGB: Int64?, shrinkOK: Bool, by initiator: Initiator) async throws -> Volume {
        try await resizeWorkflow(volumeId: volumeId, diskOfferingId: diskOfferingId, sizeGB: sizeGB, shrinkOK: shrinkOK, by: initiator)
    }
}
