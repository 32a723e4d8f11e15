import DomainModel
import Orchestration
import Persistence

/// Deploying VMs as the API layer does, and reading back what the workflows recorded.
extension TestCloud {
    /// `deployVirtualMachine` from the zone's template on its guest network: the checks and records made before
    /// the API answers, then the job's part, awaited here.
    public func deploy(_ name: String, in zone: TestZone, ipAddress: String? = nil, startVM: Bool = true) async throws -> VirtualMachine {
        let request = DeploymentRequest(
            zoneId: zone.zoneId, serviceOfferingId: zone.offering.id, templateId: zone.templateId,
            networkIds: [zone.networkId], ipAddress: ipAddress, name: name, startVM: startVM)
        let prepared = try await cloud.instances.prepareDeployment(request, owner: adminAccount, by: admin)
        return try await cloud.instances.completeDeployment(vmId: prepared.id, startVM: startVM, by: admin)
    }

    /// The VM's row, expunged or not.
    public func vm(_ id: String) async throws -> VirtualMachine {
        guard let vm = try await db.read.find(Tables.vmInstance, id: id) else { throw TestCloudError("VM \(id) has no row") }
        return vm
    }

    /// A VM's volumes, removed ones included.
    public func volumes(of vmId: String) async throws -> [Volume] {
        try await db.read.all(Tables.volume, [.equals(.vmId, vmId)])
    }

    public func rootVolume(of vmId: String) async throws -> Volume {
        guard let root = try await volumes(of: vmId).first(where: { $0.type == .root }) else { throw TestCloudError("VM \(vmId) has no ROOT volume") }
        return root
    }

    /// A VM's NICs that hold their addresses (not removed).
    public func liveNics(of vmId: String) async throws -> [Nic] {
        try await db.read.all(Tables.nic, [.equals(.vmId, vmId), .isNull(.removed)])
    }

    /// What is promised on a host or pool; nothing when it has no row yet.
    public func allocation(of id: String) async throws -> CapacityAllocation {
        try await db.read.find(Tables.capacityAllocation, id: id) ?? CapacityAllocation(id: id)
    }

    /// The events of `type` recorded about one resource, oldest first.
    public func events(_ type: String, about resourceId: String) async throws -> [Event] {
        try await db.read.all(Tables.event, [.equals(.type, type), .equals(.resourceId, resourceId)])
            .sorted { $0.created < $1.created }
    }

    /// The host's row (its status, figures).
    public func host(_ id: String) async throws -> HypervisorHost {
        guard let host = try await db.read.find(Tables.host, id: id) else { throw TestCloudError("host \(id) has no row") }
        return host
    }
}
