import DomainModel
import Persistence

/// The synchronous half of a deployment: resolves and checks every reference of a request
/// (`DeploymentChoices`), checks the administrator's placement pins, and records the VM with its NICs,
/// addresses and volumes. Nothing is placed or started here; that is `StartWorkflow`'s job.
struct DeploymentPreparation: Sendable {
    let db: Database
    let settings: Settings
    let events: EventRecorder
    let imageLocations: ImageLocations
    let sshKeyPairs: SSHKeyPairService

    /// Checks `request` and records its VM (Stopped); throws the first problem and records nothing then.
    func prepare(_ request: DeploymentRequest, owner: Account, by initiator: Initiator) async throws -> VirtualMachine {
        let choices = try await choices(for: request, owner: owner, by: initiator)
        try await checkPins(request)
        return try await record(choices, request: request, owner: owner, by: initiator)
    }
}
