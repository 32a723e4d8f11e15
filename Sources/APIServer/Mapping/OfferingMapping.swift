import APIModel
import DomainModel
import Foundation
import Persistence

extension ServiceOffering {
    func apiObject(_ names: NameLookup) async throws -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("state", state)
        o.set("displaytext", displayText)
        o.set("cpunumber", cpuNumber)
        o.set("cpuspeed", cpuSpeed)
        o.set("memory", memory)
        o.set("created", APIDate.string(created))
        o.set("storagetype", storageType)
        o.set("provisioningtype", provisioningType)
        o.set("offerha", offerHa)
        o.set("limitcpuuse", limitCpuUse)
        o.set("isvolatile", isVolatile)
        o.set("storagetags", storageTags)
        o.set("domainid", domainIds)
        o.set("domain", try await OfferingNames.list(domainIds, names.domain))
        o.set("zoneid", zoneIds)
        o.set("zone", try await OfferingNames.list(zoneIds, names.zone))
        o.set("hosttags", hostTags)
        o.set("issystem", isSystem)
        o.set("defaultuse", false)
        o.set("systemvmtype", systemVmType)
        o.set("networkrate", networkRate)
        o.set("iscustomizediops", false)
        o.set("diskBytesReadRate", bytesReadRate)
        o.set("diskBytesWriteRate", bytesWriteRate)
        o.set("diskIopsReadRate", iopsReadRate)
        o.set("diskIopsWriteRate", iopsWriteRate)
        o.set("deploymentplanner", deploymentPlanner)
        var details: [String: String] = [:]
        for (key, value) in [("mincpunumber", minCpuNumber), ("maxcpunumber", maxCpuNumber), ("minmemory", minMemory), ("maxmemory", maxMemory)] {
            if let value { details[key] = String(value) }
        }
        if !details.isEmpty { o.set("serviceofferingdetails", .map(details)) }
        o.set("iscustomized", isCustomized)
        o.set("cacheMode", cacheMode)
        o.set("rootdisksize", rootDiskSize)
        o.set("dynamicscalingenabled", dynamicScalingEnabled)
        o.set("diskofferingstrictness", diskOfferingStrictness)
        if let diskOfferingId, let disk = try await names.reads.find(Tables.diskOffering, id: diskOfferingId) {
            o.set("diskofferingid", disk.id)
            o.set("diskofferingname", disk.name)
            o.set("diskofferingdisplaytext", disk.displayText)
        }
        o.set("encryptroot", encryptRoot)
        o.set("hasannotations", false)
        return o
    }
}

extension DiskOffering {
    func apiObject(_ names: NameLookup) async throws -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("domainid", domainIds)
        o.set("domain", try await OfferingNames.list(domainIds, names.domain))
        o.set("zoneid", zoneIds)
        o.set("zone", try await OfferingNames.list(zoneIds, names.zone))
        o.set("name", name)
        o.set("state", state)
        o.set("displaytext", displayText)
        o.set("disksize", diskSize)
        o.set("created", APIDate.string(created))
        o.set("iscustomized", isCustomized)
        o.set("iscustomizediops", isCustomizedIops)
        o.set("miniops", minIops)
        o.set("maxiops", maxIops)
        o.set("tags", tags)
        o.set("storagetype", storageType)
        o.set("provisioningtype", provisioningType)
        o.set("diskBytesReadRate", bytesReadRate)
        o.set("diskBytesWriteRate", bytesWriteRate)
        o.set("diskIopsReadRate", iopsReadRate)
        o.set("diskIopsWriteRate", iopsWriteRate)
        o.set("cacheMode", cacheMode)
        o.set("displayoffering", displayOffering)
        o.set("disksizestrictness", diskSizeStrictness)
        o.set("encrypt", encrypt)
        o.set("hasannotations", false)
        return o
    }
}

/// The names printed beside an offering's comma-separated domain and zone ids.
enum OfferingNames {
    static func list(_ ids: String?, _ name: (String?) async throws -> String?) async throws -> String? {
        guard let ids else { return nil }
        var names: [String] = []
        for id in ids.split(separator: ",") {
            if let n = try await name(String(id)) { names.append(n) }
        }
        return names.joined(separator: ",")
    }
}
