import APIModel
import DomainModel
import Foundation
import Orchestration
import Persistence

extension Pod {
    func apiObject(_ names: NameLookup) async throws -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("zoneid", zoneId)
        o.set("zonename", try await names.zone(zoneId))
        o.set("gateway", gateway)
        o.set("netmask", netmask)
        if let startIp, let endIp {
            var range = APIObject()
            range.set("startip", startIp)
            range.set("endip", endIp)
            range.set("forsystemvms", "0")
            o.set("ipranges", objects: [range])
            o.set("startip", strings: [startIp])
            o.set("endip", strings: [endIp])
            o.set("forsystemvms", strings: ["0"])
        } else {
            o.set("ipranges", objects: [])
        }
        o.set("allocationstate", allocationState.rawValue)
        o.set("hasannotations", false)
        return o
    }
}

extension CapacityReport {
    /// Capacity figures of the hosts and primary storage of one pod or cluster (`column` = `pod_id` or
    /// `cluster_id`), labelled with the pod and, for a cluster, the cluster.
    static func scoped(
        _ column: String, _ id: String, zoneId: String, pod: (id: String, name: String?), cluster: (id: String, name: String)? = nil,
        db: Database, settings: Settings
    ) async throws -> [APIObject] {
        guard let zone = try await db.read.find(Tables.zone, id: zoneId) else { return [] }
        let hosts = try await db.read.all(Tables.host, [.equals(column, id), .isNull("removed")])
        let pools = try await db.read.all(Tables.storagePool, [.equals(column, id)])
        let memory = Double(hosts.reduce(Int64(0)) { $0 + $1.totalMemory }) * settings.double("mem.overprovisioning.factor")
        let cpu = Double(hosts.reduce(Int64(0)) { $0 + Int64($1.cpuNumber) * $1.cpuSpeed }) * settings.double("cpu.overprovisioning.factor")
        let storageTotal = pools.reduce(Int64(0)) { $0 + $1.capacityBytes }
        let entries = [
            entry(0, "MEMORY", zone, total: Int64(memory), used: 0),
            entry(1, "CPU", zone, total: Int64(cpu), used: 0),
            entry(2, "STORAGE", zone, total: storageTotal, used: pools.reduce(Int64(0)) { $0 + $1.usedBytes }),
            entry(3, "STORAGE_ALLOCATED", zone, total: storageTotal, used: pools.reduce(Int64(0)) { $0 + $1.allocatedBytes }),
        ]
        return entries.map { entry in
            var o = entry
            o.set("podid", pod.id)
            o.set("podname", pod.name)
            o.set("clusterid", cluster?.id)
            o.set("clustername", cluster?.name)
            return o
        }
    }
}
