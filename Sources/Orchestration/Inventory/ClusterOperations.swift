import DomainModel
import Foundation
import Persistence

/// The changeable fields of a cluster, as `addCluster` and `updateCluster` pass them.
public struct ClusterChanges: Sendable {
    public var name: String?
    public var hypervisor: String?
    public var clusterType: String?
    public var allocationState: String?
    public var managedState: String?

    public init() {}
}

extension InventoryService {
    public func addCluster(podId: String, zoneId: String, _ changes: ClusterChanges, by initiator: Initiator) async throws -> Cluster {
        guard let name = changes.name, let hypervisor = changes.hypervisor, let clusterType = changes.clusterType else {
            throw DomainError.invalidParameter("clustername, hypervisor and clustertype are required to add a cluster")
        }
        var cluster = Cluster(id: ResourceID.make(), name: name, podId: podId, zoneId: zoneId,
                              hypervisor: try Self.kvmHypervisor(hypervisor), clusterType: try Self.cloudManagedClusterType(clusterType))
        try apply(changes, to: &cluster)
        let created = cluster
        try await db.transaction { store in
            guard let zone = try await store.find(Tables.zone, id: zoneId) else {
                throw DomainError.notFound(kind: "zone", id: zoneId, parameter: "zoneid")
            }
            guard let pod = try await store.find(Tables.pod, id: podId) else {
                throw DomainError.notFound(kind: "pod", id: podId, parameter: "podid")
            }
            guard pod.zoneId == zone.id else {
                throw DomainError.invalidParameter("Pod \(pod.name) does not belong to zone \(zone.name)")
            }
            try await checkClusterName(created, pod: pod, in: store)
            try await store.insert(created, into: Tables.cluster)
            try await events.record("CLUSTER.CREATE", "Added cluster \(created.name) to pod \(pod.name)", by: initiator, resourceId: created.id, resourceType: "Cluster", in: store)
        }
        return created
    }

    public func updateCluster(id: String, _ changes: ClusterChanges, by initiator: Initiator) async throws -> Cluster {
        try await db.transaction { store in
            guard var cluster = try await store.find(Tables.cluster, id: id) else {
                throw DomainError.notFound(kind: "cluster", id: id, parameter: "id")
            }
            try apply(changes, to: &cluster)
            if changes.name != nil, let pod = try await store.find(Tables.pod, id: cluster.podId) {
                try await checkClusterName(cluster, pod: pod, in: store)
            }
            try await store.replace(cluster, in: Tables.cluster, id: id)
            try await events.record("CLUSTER.EDIT", "Updated cluster \(cluster.name)", by: initiator, resourceId: id, resourceType: "Cluster", in: store)
            return cluster
        }
    }

    public func deleteCluster(id: String, by initiator: Initiator) async throws {
        try await db.transaction { store in
            guard let cluster = try await store.find(Tables.cluster, id: id) else {
                throw DomainError.notFound(kind: "cluster", id: id, parameter: "id")
            }
            try await Self.refuseDeletionWhileUsed("cluster", id: id, by: [
                Dependent("hosts") { try await $1.exists(Tables.host, [.equals(.clusterId, $0), .isNull(.removed)]) },
                Dependent("primary storage pools") { try await $1.exists(Tables.storagePool, [.equals(.clusterId, $0)]) },
            ], in: store)
            try await store.delete(from: Tables.cluster, id: id)
            try await events.record("CLUSTER.DELETE", "Deleted cluster \(cluster.name)", by: initiator, resourceId: id, resourceType: "Cluster", in: store)
        }
    }

    func apply(_ c: ClusterChanges, to cluster: inout Cluster) throws {
        if let name = c.name {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw DomainError.invalidParameter("Cluster name can not be empty") }
            cluster.name = name
        }
        if let v = c.hypervisor { cluster.hypervisor = try Self.kvmHypervisor(v) }
        if let v = c.clusterType { cluster.clusterType = try Self.cloudManagedClusterType(v) }
        if let v = c.allocationState { cluster.allocationState = try Self.allocationState(v) }
        if let v = c.managedState {
            guard let state = ["Managed", "Unmanaged"].first(where: { $0.lowercased() == v.lowercased() }) else {
                throw DomainError.invalidParameter("Invalid managed state \(v); use Managed or Unmanaged")
            }
            cluster.managedState = state
        }
    }

    /// The hypervisor name Cumulo stores; only KVM is managed.
    static func kvmHypervisor(_ text: String) throws -> String {
        guard text.lowercased() == "kvm" else {
            throw DomainError.invalidParameter("Hypervisor type \(text) is not supported; Cumulo manages KVM hosts only")
        }
        return "KVM"
    }

    /// The cluster type Cumulo stores; only CloudManaged clusters exist.
    static func cloudManagedClusterType(_ text: String) throws -> String {
        switch text.lowercased() {
        case "cloudmanaged":
            return "CloudManaged"
        case "externalmanaged":
            throw DomainError.invalidParameter("Cluster type ExternalManaged is not supported; KVM clusters are CloudManaged")
        default:
            throw DomainError.invalidParameter("Invalid cluster type \(text); use CloudManaged")
        }
    }

    func checkClusterName(_ cluster: Cluster, pod: Pod, in store: Store) async throws {
        if try await store.exists(Tables.cluster, [.equals(.podId, cluster.podId), .equals(.name, cluster.name), .notEquals(.id, cluster.id)]) {
            throw DomainError.invalidParameter("A cluster with name \(cluster.name) already exists in pod \(pod.name)")
        }
    }
}
