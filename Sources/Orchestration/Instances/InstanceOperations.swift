import DomainModel

/// The workflows of `InstanceService` as the API layer calls them. Each throws a `DomainError` the API
/// maps to a CloudStack error code, and each leaves the VM in a settled state when it fails.
extension InstanceService {
    /// Checks a deployment and records the VM (Stopped), its NICs with their addresses and MACs, and its
    /// volumes (Allocated). Runs before the job is answered, so bad input fails at once and changes nothing.
    public func prepareDeployment(_ request: DeploymentRequest, owner: Account, by initiator: Initiator) async throws -> VirtualMachine {
        let choices = try await choices(for: request, owner: owner, by: initiator)
        try await checkPins(request)
        let vm = try await record(choices, request: request, owner: owner, by: initiator)
        pinnedHosts.keep(PlacementPins(hostId: request.hostId, podId: request.podId, clusterId: request.clusterId), for: vm.id)
        return vm
    }

    /// Finishes a prepared deployment in its job: places and starts the VM when `startVM`.
    /// A failure leaves no domain, volume, DHCP entry or address behind; the VM ends in Error.
    public func completeDeployment(vmId: String, startVM: Bool, by initiator: Initiator) async throws -> VirtualMachine {
        guard startVM else { return try await liveVM(vmId) }
        return try await startWorkflow(vmId: vmId, pins: pinnedHosts.take(vmId), isDeployment: true, by: initiator)
    }

    /// Starts a Stopped VM, on `hostId` when an administrator pins it.
    public func start(vmId: String, hostId: String?, by initiator: Initiator) async throws -> VirtualMachine {
        try await startWorkflow(vmId: vmId, pins: PlacementPins(hostId: hostId), isDeployment: false, by: initiator)
    }

    /// Stops a Running VM: a clean shutdown, or at once when `forced`.
    public func stop(vmId: String, forced: Bool, by initiator: Initiator) async throws -> VirtualMachine {
        try await stopWorkflow(vmId: vmId, forced: forced, by: initiator)
    }

    public func reboot(vmId: String, by initiator: Initiator) async throws -> VirtualMachine {
        try await rebootWorkflow(vmId: vmId, by: initiator)
    }

    /// Stops the VM if it runs and marks it Destroyed (recoverable until expunged), or expunges it at once.
    public func destroy(vmId: String, expunge: Bool, by initiator: Initiator) async throws -> VirtualMachine {
        try await destroyWorkflow(vmId: vmId, expunge: expunge, by: initiator)
    }

    /// Brings a Destroyed VM back to Stopped.
    public func recover(vmId: String, by initiator: Initiator) async throws -> VirtualMachine {
        try await recoverWorkflow(vmId: vmId, by: initiator)
    }

    /// Removes a Destroyed (or Error) VM for good: its domain, volumes and addresses.
    public func expunge(vmId: String, by initiator: Initiator) async throws {
        try await expungeWorkflow(vmId: vmId, by: initiator)
    }

    /// Inserts an ISO in the VM's CD-ROM drive (live when it runs).
    public func attachISO(vmId: String, isoId: String, by initiator: Initiator) async throws -> VirtualMachine {
        try await attachISOWorkflow(vmId: vmId, isoId: isoId, by: initiator)
    }

    /// Empties the VM's CD-ROM drive (live when it runs).
    public func detachISO(vmId: String, by initiator: Initiator) async throws -> VirtualMachine {
        try await detachISOWorkflow(vmId: vmId, by: initiator)
    }

    public func update(vmId: String, _ changes: VirtualMachineUpdate, by initiator: Initiator) async throws -> VirtualMachine {
        try await updateWorkflow(vmId: vmId, changes, by: initiator)
    }

    /// Replaces the VM's SSH key pairs; the guest sees them on the config drive from its next start.
    public func resetSSHKeys(vmId: String, keypairs: [String], by initiator: Initiator) async throws -> VirtualMachine {
        try await resetSSHKeysWorkflow(vmId: vmId, keypairs: keypairs, by: initiator)
    }
}
