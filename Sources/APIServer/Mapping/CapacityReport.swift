import APIModel
import DomainModel
import Orchestration
import Persistence

/// Capacity figures for `showcapacities=true` on zones, pods and clusters, by CloudStack capacity type.
enum CapacityReport {
    /// Which hosts and pools a report covers.
    enum Scope {
        case zone(String), pod(String), cluster(String)

        var hosts: Filter<HypervisorHost> {
            switch self {
            case .zone(let id): .equals(.zoneId, id)
            case .pod(let id): .equals(.podId, id)
            case .cluster(let id): .equals(.clusterId, id)
            }
        }

        var pools: Filter<StoragePool> {
            switch self {
            case .zone(let id): .equals(.zoneId, id)
            case .pod(let id): .equals(.podId, id)
            case .cluster(let id): .equals(.clusterId, id)
            }
        }
    }

    static func zone(_ zone: Zone, reads: Store, settings: Settings) async throws -> [APIObject] {
        try await figures(of: .zone(zone.id), zone: zone, reads: reads, settings: settings)
    }

    /// The figures of one pod or cluster, labelled with the pod and, for a cluster, the cluster.
    static func scoped(
        _ scope: Scope, zoneId: String, pod: (id: String, name: String?), cluster: (id: String, name: String)? = nil,
        reads: Store, settings: Settings
    ) async throws -> [APIObject] {
        guard let zone = try await reads.find(Tables.zone, id: zoneId) else { return [] }
        return try await figures(of: scope, zone: zone, reads: reads, settings: settings).map { entry in
            var o = entry
            o.set("podid", pod.id)
            o.set("podname", pod.name)
            o.set("clusterid", cluster?.id)
            o.set("clustername", cluster?.name)
            return o
        }
    }

    /// Memory, CPU and primary storage of the live hosts and pools in `scope`.
    static func figures(of scope: Scope, zone: Zone, reads: Store, settings: Settings) async throws -> [APIObject] {
        let hosts = try await reads.all(Tables.host, [scope.hosts, .isNull(.removed)])
        let pools = try await reads.all(Tables.storagePool, [scope.pools])
        let memory = Double(hosts.reduce(Int64(0)) { $0 + $1.totalMemory }) * settings.double("mem.overprovisioning.factor")
        let cpu = Double(hosts.reduce(Int64(0)) { $0 + Int64($1.cpuNumber) * $1.cpuSpeed }) * settings.double("cpu.overprovisioning.factor")
        let storageTotal = pools.reduce(Int64(0)) { $0 + $1.capacityBytes }
        let storageUsed = pools.reduce(Int64(0)) { $0 + $1.usedBytes }
        let storageAllocated = pools.reduce(Int64(0)) { $0 + $1.allocatedBytes }
        return [
            entry(0, "MEMORY", zone, total: Int64(memory), used: 0),
            entry(1, "CPU", zone, total: Int64(cpu), used: 0),
            entry(2, "STORAGE", zone, total: storageTotal, used: storageUsed),
            entry(3, "STORAGE_ALLOCATED", zone, total: storageTotal, used: storageAllocated),
        ]
    }

    static func entry(_ type: Int, _ name: String, _ zone: Zone, total: Int64, used: Int64) -> APIObject {
        var o = APIObject()
        o.set("type", type)
        o.set("name", name)
        o.set("zoneid", zone.id)
        o.set("zonename", zone.name)
        o.set("capacitytotal", total)
        o.set("capacityused", used)
        o.set("capacityallocated", used)
        let percent = total > 0 ? Double(used) / Double(total) * 100 : 0
        o.set("percentused", String(format: "%.2f", percent))
        return o
    }
}
