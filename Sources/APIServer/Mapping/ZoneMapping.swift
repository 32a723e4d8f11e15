import APIModel
import DomainModel
import Foundation

extension Zone {
    func apiObject(_ names: NameLookup) async throws -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("description", description)
        o.set("dns1", dns1)
        o.set("dns2", dns2)
        o.set("ip6dns1", ip6Dns1)
        o.set("ip6dns2", ip6Dns2)
        o.set("internaldns1", internalDns1)
        o.set("internaldns2", internalDns2)
        o.set("guestcidraddress", guestCidr)
        o.set("networktype", networkType.rawValue)
        o.set("securitygroupsenabled", securityGroupsEnabled)
        o.set("allocationstate", allocationState.rawValue)
        o.set("zonetoken", token)
        o.set("dhcpprovider", "Cumulo")
        o.set("domain", networkDomain)
        o.set("domainid", domainId)
        o.set("domainname", try await names.domain(domainId))
        o.set("localstorageenabled", localStorageEnabled)
        o.set("type", isEdge ? "Edge" : "Core")
        o.set("isedge", isEdge)
        o.set("tags", .array([]))
        o.set("hasannotations", false)
        return o
    }
}
