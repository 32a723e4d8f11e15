import DomainModel

/// The workflows of `InstanceService` as the API layer calls them, each handed to the workflow type that
/// runs it. Each throws a `DomainError` the API maps to a CloudStack error code, and each leaves the VM in
/// a settled state when it fails.
extension InstanceService {
    /// Checks a deployment and records the VM (Stopped), its NICs with their addresses and MACs, and its
    /// volumes (Allocated). Runs before the job is answered, so bad input fails at once and changes nothing.
    public func prepareDeployment(_ request: DeploymentRequest, owner: Account, by initiator: Initiator) async throws -> VirtualMachine {
        let vm = try await deployment.prepare(request, owner: owner, by: initiator)
        pinnedHosts.keep(PlacementPins(hostId: request.hostId, podId: request.podId, clusterId: request.clusterId), for: vm.id)
        return vm
    }

    /// Finishes a prepared deployment in its job: places and starts the VM when `startVM`.
    /// A failure leaves no domain, volume, DHCP entry or address behind; the VM ends in Error.
    public func completeDeployment(vmId: String, startVM: Bool, by initiator: Initiator) async throws -> VirtualMachine {
        guard startVM else { return try await records.liveVM(vmId) }
        return try await starts.run(vmId: vmId, pins: pinnedHosts.take(vmId), isDeployment: true, by: initiator)
    }

    /// Starts a Stopped VM, on `hostId` when an administrator pins it.
    public func start(vmId: String, hostId: String?, by initiator: Initiator) async throws -> VirtualMachine {
        try await starts.run(vmId: vmId, pins: PlacementPins(hostId: hostId), isDeployment: false, by: initiator)
    }

    /// Stops a Running VM: a clean shutdown, or at once when `forced`.
    public func stop(vmId: String, forced: Bool, by initiator: Initiator) async throws -> VirtualMachine {
        try await stops.stop(vmId: vmId, forced: forced, by: initiator)
    }

    public func reboot(vmId: String, by initiator: Initiator) async throws -> VirtualMachine {
        try await stops.reboot(vmId: vmId, by: initiator)
    }

    /// Stops the VM if it runs and marks it Destroyed (recoverable until expunged), or expunges it at once.
    public func destroy(vmId: String, expunge: Bool, by initiator: Initiator) async throws -> VirtualMachine {
        try await removals.destroy(vmId: vmId, expunge: expunge, by: initiator)
    }

    /// Brings a Destroyed VM back to Stopped.
    public func recover(vmId: String, by initiator: Initiator) async throws -> VirtualMachine {
        try await removals.recover(vmId: vmId, by: initiator)
    }

    /// Removes a Destroyed (or Error) VM for good: its domain, volumes and addresses.
    public func expunge(vmId: String, by initiator: Initiator) async throws {
        try await removals.expunge(vmId: vmId, by: initiator)
    }

    /// Inserts an ISO in the VM's CD-ROM drive (live when it runs).
    public func attachISO(vmId: String, isoId: String, by initiator: Initiator) async throws -> VirtualMachine {
        try await changes.attachISO(vmId: vmId, isoId: isoId, by: initiator)
    }

    /// Empties the VM's CD-ROM drive (live when it runs).
    public func detachISO(vmId: String, by initiator: Initiator) async throws -> VirtualMachine {
        try await changes.detachISO(vmId: vmId, by: initiator)
    }

    public func update(vmId: String, _ changes: VirtualMachineUpdate, by initiator: Initiator) async throws -> VirtualMachine {
        try await self.changes.update(vmId: vmId, changes, by: initiator)
    }

    /// Replaces the VM's SSH key pairs; the guest sees them on the config drive from its next start.
    public func resetSSHKeys(vmId: String, keypairs: [String], by initiator: Initiator) async throws -> VirtualMachine {
        try await changes.resetSSHKeys(vmId: vmId, keypairs: keypairs, by: initiator)
    }

    /// Tells every connected host of the network's zone to remove a deleted network's bridge and DHCP
    /// service; hosts that do not have it answer at once. Best effort: a host that is down keeps an unused bridge.
    public func removeDeletedNetwork(_ network: Network) async {
        await guestNetworks.removeDeletedNetwork(network)
    }
}
