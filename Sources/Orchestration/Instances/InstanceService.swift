import AgentProtocol
import DomainModel
import Foundation
import Logging
import Persistence

/// Virtual machines: deploying them, their lifecycle on hosts, and keeping their records true to what
/// the hosts report. Workflows run as the API layer's async jobs; each step is recorded as an event.
///
/// Data flows one way: records and reservations here, then commands through `AgentService` to the
/// VM's host. Capacity on hosts and pools is reserved with compare-and-set updates of
/// `capacity_allocation`, so concurrent deployments never over-commit a host.
public final class InstanceService: Sendable {
    let db: Database
    let settings: Settings
    let events: EventRecorder
    let agents: AgentService
    let background: BackgroundWork
    let images: ImageService
    let sshKeyPairs: SSHKeyPairService
    let logger: Logger
    /// VMs a workflow of this process is working on (shared with volume workflows); power reports leave them to it.
    let claims: WorkClaims
    let volumeFiles: VolumeFiles
    let poolHosts: PoolHosts
    let imageLocations: ImageLocations
    /// Guest network updates, one at a time per host and network.
    let networkQueue = KeyedSerialQueue()
    /// Networks set up per agent session (`sessionStamp/networkId`), so later VMs need not wait for their DHCP reservation.
    let servedNetworks = KeySet()
    /// Administrators' placement pins of deployments whose job has not started yet.
    let pinnedHosts = PendingPins()

    init(db: Database, settings: Settings, events: EventRecorder, agents: AgentService, background: BackgroundWork, images: ImageService,
         sshKeyPairs: SSHKeyPairService, claims: WorkClaims, volumeFiles: VolumeFiles, poolHosts: PoolHosts, logger: Logger) {
        self.background = background
        self.claims = claims
        self.volumeFiles = volumeFiles
        self.poolHosts = poolHosts
        imageLocations = volumeFiles.imageLocations
        self.db = db
        self.settings = settings
        self.events = events
        self.agents = agents
        self.images = images
        self.sshKeyPairs = sshKeyPairs
        self.logger = logger
    }
}
