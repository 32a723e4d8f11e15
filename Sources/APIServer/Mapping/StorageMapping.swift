import APIModel
import DomainModel
import Foundation
import Orchestration

extension StoragePool {
    func apiObject(_ names: NameLookup, settings: Settings) async throws -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("zoneid", zoneId)
        o.set("zonename", try await names.zone(zoneId))
        o.set("podid", podId)
        o.set("podname", try await names.pod(podId))
        o.set("name", name)
        o.set("ipaddress", host)
        o.set("path", path)
        o.set("created", APIDate.string(created))
        o.set("type", poolType)
        o.set("clusterid", clusterId)
        o.set("clustername", try await names.cluster(clusterId))
        o.set("capacitybytes", capacityBytes > 0 ? capacityBytes : nil)
        o.set("disksizetotal", capacityBytes)
        o.set("disksizeallocated", allocatedBytes)
        o.set("disksizeused", usedBytes)
        o.set("tags", tags)
        o.set("istagarule", false)
        o.set("state", state.rawValue)
        o.set("scope", scope)
        o.set("overprovisionfactor", settings.string("storage.overprovisioning.factor"))
        o.set("hypervisor", hypervisor)
        o.set("provider", provider)
        o.set("managed", false)
        o.set("hasannotations", false)
        return o
    }
}

extension ImageStore {
    func apiObject(_ names: NameLookup) async throws -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("zoneid", zoneId)
        o.set("zonename", try await names.zone(zoneId))
        o.set("name", name)
        o.set("url", url)
        o.set("protocol", protocolName)
        o.set("providername", provider)
        o.set("scope", scope)
        o.set("readonly", readOnly)
        o.set("disksizetotal", totalBytes)
        o.set("disksizeused", usedBytes)
        o.set("hasannotations", false)
        return o
    }
}
