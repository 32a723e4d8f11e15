import APIModel
import DomainModel
import Foundation

extension PhysicalNetwork {
    func apiObject(_ names: NameLookup) async throws -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("broadcastdomainrange", broadcastDomainRange)
        o.set("zoneid", zoneId)
        o.set("zonename", try await names.zone(zoneId))
        o.set("state", state.rawValue)
        o.set("vlan", vlan)
        o.set("domainid", domainId)
        o.set("tags", tags)
        o.set("isolationmethods", isolationMethods)
        o.set("networkspeed", networkSpeed)
        return o
    }
}

extension TrafficType {
    var apiObject: APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("traffictype", trafficType)
        o.set("physicalnetworkid", physicalNetworkId)
        o.set("kvmnetworklabel", kvmNetworkLabel)
        return o
    }
}

extension NetworkOffering {
    /// The `service` list: each service with its provider and (none yet) tunable capabilities.
    var serviceObjects: [APIObject] {
        serviceProviders.map { entry in
            var provider = APIObject()
            provider.set("name", entry.provider)
            var service = APIObject()
            service.set("name", entry.service)
            service.set("provider", objects: entry.provider.isEmpty ? [] : [provider])
            service.set("capability", objects: [])
            return service
        }
    }

    var apiObject: APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("displaytext", displayText)
        o.set("created", APIDate.string(created))
        o.set("traffictype", trafficType)
        o.set("isdefault", isDefault)
        o.set("specifyvlan", specifyVlan)
        o.set("conservemode", conserveMode)
        o.set("specifyipranges", specifyIpRanges)
        o.set("availability", availability)
        o.set("state", state)
        o.set("guestiptype", guestIpType)
        o.set("service", objects: serviceObjects)
        o.set("forvpc", forVpc)
        o.set("ispersistent", false)
        o.set("egressdefaultpolicy", true)
        o.set("supportsstrechedl2subnet", false)
        o.set("supportspublicaccess", false)
        o.set("internetprotocol", "IPv4")
        o.set("hasannotations", false)
        return o
    }
}

extension Network {
    /// The network as `createNetwork` and `listNetworks` print it; VLAN and broadcast URI only for root administrators.
    func apiObject(offering: NetworkOffering?, canUseForDeploy: Bool, showVlan: Bool, _ names: NameLookup) async throws -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("displaytext", displayText)
        o.set("broadcastdomaintype", "Vlan")
        o.set("traffictype", trafficType)
        o.set("gateway", gateway)
        o.set("netmask", netmask)
        o.set("cidr", cidr)
        o.set("zoneid", zoneId)
        o.set("zonename", try await names.zone(zoneId))
        o.set("networkofferingid", networkOfferingId)
        o.set("networkofferingname", offering?.name)
        o.set("networkofferingdisplaytext", offering?.displayText)
        o.set("networkofferingconservemode", offering?.conserveMode)
        o.set("networkofferingavailability", offering?.availability)
        o.set("issystem", false)
        o.set("state", state)
        o.set("related", id)
        if showVlan, let vlan {
            o.set("broadcasturi", "vlan://" + vlan)
            o.set("vlan", vlan)
        }
        o.set("dns1", dns1)
        o.set("dns2", dns2)
        o.set("type", guestType)
        o.set("acltype", aclType)
        if aclType == "Domain" {
            o.set("subdomainaccess", subdomainAccess)
        } else {
            o.set("account", try await names.account(accountId))
        }
        o.set("domainid", domainId)
        o.set("domain", try await names.domain(domainId))
        o.set("domainpath", try await names.domainPath(domainId))
        o.set("isdefault", false)
        o.set("service", objects: offering?.serviceObjects ?? [])
        o.set("networkdomain", networkDomain)
        o.set("physicalnetworkid", physicalNetworkId)
        o.set("restartrequired", false)
        o.set("specifyvlan", offering?.specifyVlan)
        o.set("specifyipranges", offering?.specifyIpRanges)
        o.set("canusefordeploy", canUseForDeploy)
        o.set("ispersistent", false)
        o.set("tags", .array([]))
        o.set("displaynetwork", true)
        o.set("strechedl2subnet", false)
        o.set("redundantrouter", false)
        o.set("created", APIDate.string(created))
        o.set("internetprotocol", "IPv4")
        o.set("hasannotations", false)
        return o
    }
}

extension VlanIpRange {
    func apiObject(_ names: NameLookup) async throws -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("forvirtualnetwork", forVirtualNetwork)
        o.set("zoneid", zoneId)
        o.set("vlan", (try? VlanTag(vlan))?.uri ?? vlan)
        o.set("account", try await names.account(accountId))
        o.set("domainid", domainId)
        o.set("domain", try await names.domain(domainId))
        o.set("domainpath", try await names.domainPath(domainId))
        o.set("podid", podId)
        o.set("podname", try await names.pod(podId))
        o.set("description", "\(startIp)-\(endIp)")
        o.set("gateway", gateway)
        o.set("netmask", netmask)
        if let address = IPv4Address(gateway), let subnet = IPv4Subnet(address: address, netmask: netmask) {
            o.set("cidr", subnet.description)
        }
        o.set("startip", startIp)
        o.set("endip", endIp)
        o.set("networkid", networkId)
        o.set("physicalnetworkid", physicalNetworkId)
        o.set("forsystemvms", false)
        return o
    }
}
