import APIModel
import DomainModel
import Foundation
import Orchestration

extension Cluster {
    func apiObject(_ names: NameLookup, settings: Settings) async throws -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("podid", podId)
        o.set("podname", try await names.pod(podId))
        o.set("zoneid", zoneId)
        o.set("zonename", try await names.zone(zoneId))
        o.set("hypervisortype", hypervisor)
        o.set("clustertype", clusterType)
        o.set("allocationstate", allocationState.rawValue)
        o.set("managedstate", managedState)
        o.set("cpuovercommitratio", settings.string("cpu.overprovisioning.factor"))
        o.set("memoryovercommitratio", settings.string("mem.overprovisioning.factor"))
        o.set("hasannotations", false)
        return o
    }
}
