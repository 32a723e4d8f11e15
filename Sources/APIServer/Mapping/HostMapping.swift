import APIModel
import DomainModel
import Foundation
import Orchestration

extension HypervisorHost {
    /// The host as `listHosts` shows it. Usage figures come from the agent's last ping (`live`, nil when it
    /// is not connected); allocation figures from what placements promised on the host (`capacity_allocation`).
    func apiObject(_ names: NameLookup, cluster: Cluster?, live: HostLiveFigures?, settings: Settings) async throws -> APIObject {
        let cpuFactor = settings.double("cpu.overprovisioning.factor")
        let memoryFactor = settings.double("mem.overprovisioning.factor")
        let cpuTotal = Int64(Double(Int64(cpuNumber) * cpuSpeed) * cpuFactor)
        let memoryTotal = Int64(Double(totalMemory) * memoryFactor)
        let allocation = try await names.capacityAllocation(id)
        let cpuAllocated = allocation?.cpuMHz ?? 0
        let memoryAllocated = allocation?.memoryBytes ?? 0
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("state", status.rawValue)
        o.set("type", type)
        o.set("ipaddress", ipAddress)
        o.set("zoneid", zoneId)
        o.set("zonename", try await names.zone(zoneId))
        o.set("podid", podId)
        o.set("podname", try await names.pod(podId))
        o.set("version", version)
        o.set("hypervisor", hypervisor)
        o.set("cpusockets", cpuSockets)
        o.set("cpunumber", cpuNumber)
        o.set("cpuspeed", cpuSpeed)
        o.set("cpuallocated", Self.percent(cpuAllocated, of: cpuTotal))
        o.set("cpuallocatedvalue", cpuAllocated)
        o.set("cpuallocatedpercentage", Self.percent(cpuAllocated, of: cpuTotal))
        o.set("cpuallocatedwithoverprovisioning", Self.percent(cpuAllocated, of: cpuTotal))
        o.set("cpuwithoverprovisioning", String(cpuTotal))
        o.set("memorytotal", memoryTotal)
        o.set("memorywithoverprovisioning", String(memoryTotal))
        o.set("memoryallocated", memoryAllocated)
        o.set("memoryallocatedpercentage", Self.percent(memoryAllocated, of: memoryTotal))
        o.set("memoryallocatedbytes", memoryAllocated)
        if let live {
            o.set("cpuused", String(format: "%.2f%%", live.cpuUtilization))
            o.set("memoryused", live.memoryUsedBytes)
            o.set("networkkbsread", Int64(live.networkReadKBs))
            o.set("networkkbswrite", Int64(live.networkWriteKBs))
        }
        o.set("lastpinged", (live?.lastPinged ?? lastPinged).map(APIDate.string))
        o.set("managementserverid", managementServerId)
        o.set("clusterid", clusterId)
        o.set("clustername", cluster?.name)
        o.set("clustertype", cluster?.clusterType)
        o.set("islocalstorageactive", false)
        o.set("created", APIDate.string(created))
        o.set("removed", removed.map(APIDate.string))
        o.set("hostha", ["haenable": false, "hastate": "Disabled"] as APIObject)
        o.set("outofbandmanagement", ["enabled": false, "powerstate": "Disabled"] as APIObject)
        o.set("resourcestate", resourceState.rawValue)
        o.set("hypervisorversion", hypervisorVersion)
        o.set("hahost", false)
        o.set("ueficapability", false)
        o.set("hasannotations", false)
        return o
    }

    /// The host as `listHostsMetrics` shows it: the `listHosts` fields plus totals in GHz and GiB.
    /// Usage figures need agent statistics and are left out until agents report them.
    func metricsObject(_ names: NameLookup, cluster: Cluster?, live: HostLiveFigures?, settings: Settings) async throws -> APIObject {
        var o = try await apiObject(names, cluster: cluster, live: live, settings: settings)
        let gib = 1024.0 * 1024.0 * 1024.0
        let memoryFactor = settings.double("mem.overprovisioning.factor")
        o.set("powerstate", "Disabled")
        if let live {
            let usedGHz = Double(Int64(cpuNumber) * cpuSpeed) * live.cpuUtilization / 100 / 1000
            o.set("cpuusedghz", String(format: "%.2f Ghz", usedGHz))
            o.set("memoryusedgb", String(format: "%.2f GB", Double(live.memoryUsedBytes) / gib))
            o.set("instances", "\(live.runningVMs.count) / \(live.runningVMs.count)")
        } else {
            o.set("instances", "0 / 0")
        }
        o.set("systeminstances", "0 / 0")
        let allocation = try await names.capacityAllocation(id)
        o.set("cputotalghz", String(format: "%.2f Ghz", Double(Int64(cpuNumber) * cpuSpeed) / 1000.0))
        o.set("cpuallocatedghz", String(format: "%.2f Ghz", Double(allocation?.cpuMHz ?? 0) / 1000.0))
        o.set("memorytotalgb", String(format: "%.2f GB", Double(totalMemory) * memoryFactor / gib))
        o.set("memoryallocatedgb", String(format: "%.2f GB", Double(allocation?.memoryBytes ?? 0) / gib))
        o.set("cpuallocatedthreshold", false)
        o.set("cpuallocateddisablethreshold", false)
        o.set("memoryallocatedthreshold", false)
        o.set("memoryallocateddisablethreshold", false)
        return o
    }

    /// `allocated` as a share of `total`, printed as CloudStack prints it: at most two decimals without
    /// trailing zeros (`"12.5%"`, `"33.33%"`, `"100%"`), rounded half to even, and `"0.00%"` when nothing is allocated.
    static func percent(_ allocated: Int64, of total: Int64) -> String {
        guard allocated > 0, total > 0 else { return "0.00%" }
        let hundredths = Int64((Double(allocated) / Double(total) * 10_000).rounded(.toNearestOrEven))
        let whole = hundredths / 100
        let fraction = hundredths % 100
        switch fraction {
        case 0: return "\(whole)%"
        case let f where f % 10 == 0: return "\(whole).\(f / 10)%"
        default: return "\(whole).\(fraction < 10 ? "0" : "")\(fraction)%"
        }
    }
}
