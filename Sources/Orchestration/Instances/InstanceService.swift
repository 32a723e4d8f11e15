import AgentProtocol
import DomainModel
import Foundation
import Logging
import Persistence

/// Virtual machines: deploying them, their lifecycle on hosts, and keeping their records true to what
/// the hosts report. A facade over one small type per workflow (`DeploymentPreparation`, `StartWorkflow`,
/// `StopWorkflow`, `RemovalWorkflows`, `ChangeWorkflows`, `PowerStateSync`), each holding only what it
/// uses; workflows run as the API layer's async jobs and record each step as an event.
///
/// Data flows one way: records and reservations here, then commands through `AgentService` to the
/// VM's host. Capacity on hosts and pools is reserved with compare-and-set updates of
/// `capacity_allocation`, so concurrent deployments never over-commit a host.
public final class InstanceService: Sendable {
    let records: InstanceRecords
    let deployment: DeploymentPreparation
    let starts: StartWorkflow
    let stops: StopWorkflow
    let removals: RemovalWorkflows
    let changes: ChangeWorkflows
    let powerSync: PowerStateSync
    let placement: PlacementReservation
    let guestNetworks: GuestNetworks
    let janitor: InstanceJanitor
    /// Administrators' placement pins of deployments whose job has not started yet.
    let pinnedHosts = PendingPins()

    init(db: Database, settings: Settings, events: EventRecorder, agents: AgentService, background: BackgroundWork,
         sshKeyPairs: SSHKeyPairService, claims: WorkClaims, volumeFiles: VolumeFiles, poolHosts: PoolHosts, logger: Logger) {
        let records = InstanceRecords(db: db, events: events, claims: claims)
        let guestNetworks = GuestNetworks(db: db, agents: agents, logger: logger)
        let imageLocations = volumeFiles.imageLocations
        let placement = PlacementReservation(db: db, settings: settings, records: records)
        let stops = StopWorkflow(db: db, settings: settings, records: records, guestNetworks: guestNetworks, agents: agents,
                                 background: background, logger: logger)
        let removals = RemovalWorkflows(db: db, events: events, records: records, stops: stops, volumeFiles: volumeFiles,
                                        agents: agents, logger: logger)
        deployment = DeploymentPreparation(db: db, settings: settings, events: events, imageLocations: imageLocations, sshKeyPairs: sshKeyPairs)
        starts = StartWorkflow(db: db, records: records, placement: placement, guestNetworks: guestNetworks, volumeFiles: volumeFiles,
                               specs: VMSpecAssembly(db: db, imageLocations: imageLocations, sshKeyPairs: sshKeyPairs),
                               agents: agents, background: background, logger: logger)
        changes = ChangeWorkflows(db: db, records: records, imageLocations: imageLocations, agents: agents, sshKeyPairs: sshKeyPairs)
        powerSync = PowerStateSync(db: db, settings: settings, events: events, records: records, claims: claims, guestNetworks: guestNetworks,
                                   agents: agents, background: background, logger: logger)
        janitor = InstanceJanitor(db: db, settings: settings, events: events, records: records, claims: claims, removals: removals,
                                  volumeFiles: volumeFiles, poolHosts: poolHosts, agents: agents, logger: logger)
        self.records = records
        self.stops = stops
        self.removals = removals
        self.placement = placement
        self.guestNetworks = guestNetworks
    }
}
