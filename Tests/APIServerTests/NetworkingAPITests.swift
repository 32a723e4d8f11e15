import APIModel
import DomainModel
import Foundation
import Persistence
import Testing

@Suite("Networking through the API")
struct NetworkingAPITests {
    static let zoneParams = [
        "name": "Zone1", "networktype": "Advanced", "dns1": "198.18.0.53", "internaldns1": "198.18.0.54",
        "guestcidraddress": "198.19.0.0/24",
    ]
    static let sharedNet = [
        "name": "GuestNet1", "displaytext": "Guest network 1", "gateway": "198.18.10.1", "netmask": "255.255.255.0",
        "startip": "198.18.10.10", "endip": "198.18.10.100", "vlan": "110",
    ]

    /// A zone with an enabled physical network carrying Guest and Management traffic.
    struct Seeded {
        var zone: String
        var physnet: String
        var guestTraffic: String
    }

    static func seed(_ api: TestAPI, zone params: [String: String] = zoneParams) async throws -> Seeded {
        let zone = try #require(try await api.ok("createZone", params).object("zone")["id"] as? String)
        let created = try await api.job("createPhysicalNetwork", ["zoneid": zone, "name": "PhysNet1", "isolationmethods": "VLAN", "vlan": "100-199"])
        let physnet = try #require(jobObject(created, "physicalnetwork")["id"] as? String)
        let guest = try await api.job("addTrafficType", ["physicalnetworkid": physnet, "traffictype": "Guest", "kvmnetworklabel": "cloudbr1"])
        _ = try await api.job("addTrafficType", ["physicalnetworkid": physnet, "traffictype": "Management", "kvmnetworklabel": "cloudbr0"])
        _ = try await api.job("updatePhysicalNetwork", ["id": physnet, "state": "Enabled"])
        return Seeded(zone: zone, physnet: physnet, guestTraffic: try #require(jobObject(guest, "traffictype")["id"] as? String))
    }

    static func offering(_ api: TestAPI, _ name: String) async throws -> String {
        let listed = try await api.ok("listNetworkOfferings", ["name": name])
        return try #require(listed.list("networkoffering").first?["id"] as? String)
    }

    static func jobObject(_ result: TestAPI.Reply, _ name: String) -> [String: Any] {
        (result["jobresult"] as? [String: Any])?[name] as? [String: Any] ?? [:]
    }

    static func jobError(_ result: TestAPI.Reply) -> (code: Int?, text: String) {
        let body = result["jobresult"] as? [String: Any] ?? [:]
        return (body["errorcode"] as? Int, body["errortext"] as? String ?? "")
    }

    /// Waits for the job of an answer already received.
    static func finish(_ api: TestAPI, _ submitted: TestAPI.Reply) async throws -> TestAPI.Reply {
        let jobId = try #require(submitted["jobid"] as? String)
        for _ in 0..<500 {
            let result = try await api.ok("queryAsyncJobResult", ["jobid": jobId])
            if (result["jobstatus"] as? Int) != 0 { return result }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw TestAPI.CallFailed(description: "job \(jobId) did not finish")
    }

    static func count(_ api: TestAPI, _ command: String, _ params: [String: String] = [:]) async throws -> Int {
        try await api.ok(command, params)["count"] as? Int ?? 0
    }

    // MARK: The seed flow

    @Test func seedFlow() async throws {
        try await withTestAPI { api in
            let zone = try #require(try await api.ok("createZone", Self.zoneParams).object("zone")["id"] as? String)

            let submitted = try await api.ok("createPhysicalNetwork", ["zoneid": zone, "name": "PhysNet1", "isolationmethods": "VLAN", "vlan": "100-199"])
            let physnet = try #require(submitted["id"] as? String, "an async-create answer carries the new id")
            #expect(submitted["jobid"] is String)
            let created = try await Self.finish(api, submitted)
            #expect(created["jobstatus"] as? Int == 1)
            #expect(created["jobinstancetype"] as? String == "PhysicalNetwork")
            #expect(created["jobinstanceid"] as? String == physnet)
            let pn = Self.jobObject(created, "physicalnetwork")
            #expect(pn["id"] as? String == physnet)
            #expect(pn["zoneid"] as? String == zone)
            #expect(pn["zonename"] as? String == "Zone1")
            #expect(pn["state"] as? String == "Disabled")
            #expect(pn["isolationmethods"] as? String == "VLAN")
            #expect(pn["vlan"] as? String == "100-199")
            #expect(pn["broadcastdomainrange"] as? String == "ZONE")

            for (traffic, label) in [("Guest", "cloudbr1"), ("Management", "cloudbr0")] {
                let added = try await api.ok("addTrafficType", ["physicalnetworkid": physnet, "traffictype": traffic, "kvmnetworklabel": label])
                #expect(added["id"] is String && added["jobid"] is String)
                let result = try await Self.finish(api, added)
                let tt = Self.jobObject(result, "traffictype")
                #expect(tt["id"] as? String == added["id"] as? String)
                #expect(tt["traffictype"] as? String == traffic)
                #expect(tt["physicalnetworkid"] as? String == physnet)
                #expect(tt["kvmnetworklabel"] as? String == label)
            }
            let types = try await api.ok("listTrafficTypes", ["physicalnetworkid": physnet]).list("traffictype")
            #expect(types.compactMap { $0["traffictype"] as? String }.sorted() == ["Guest", "Management"])

            let enabled = try await api.job("updatePhysicalNetwork", ["id": physnet, "state": "Enabled"])
            #expect(Self.jobObject(enabled, "physicalnetwork")["state"] as? String == "Enabled")

            let offerings = try await api.ok("listNetworkOfferings").list("networkoffering")
            #expect(Set(offerings.compactMap { $0["name"] as? String }) == ["DefaultSharedNetworkOffering", "DefaultIsolatedNetworkOffering", "DefaultL2NetworkOffering"])
            let shared = try #require(offerings.first { $0["guestiptype"] as? String == "Shared" })
            #expect(shared["specifyipranges"] as? Bool == true)
            #expect((shared["service"] as? [[String: Any]])?.compactMap { $0["name"] as? String }.contains("Dhcp") == true)
            let sharedId = try #require(shared["id"] as? String)

            var params = Self.sharedNet
            params["zoneid"] = zone
            params["networkofferingid"] = sharedId
            params["physicalnetworkid"] = physnet
            let network = try await api.ok("createNetwork", params).object("network")
            let networkId = try #require(network["id"] as? String)
            #expect(network["name"] as? String == "GuestNet1")
            #expect(network["displaytext"] as? String == "Guest network 1")
            #expect(network["zoneid"] as? String == zone)
            #expect(network["networkofferingid"] as? String == sharedId)
            #expect(network["physicalnetworkid"] as? String == physnet)
            #expect(network["gateway"] as? String == "198.18.10.1")
            #expect(network["netmask"] as? String == "255.255.255.0")
            #expect(network["cidr"] as? String == "198.18.10.0/24")
            #expect(network["type"] as? String == "Shared")
            #expect(network["vlan"] as? String == "110")
            #expect(network["broadcasturi"] as? String == "vlan://110")
            #expect(network["acltype"] as? String == "Account")
            #expect(network["account"] as? String == "admin")
            #expect(network["canusefordeploy"] as? Bool == true)
            #expect(network["service"] is [[String: Any]])

            let second = try await api.ok("createVlanIpRange", [
                "zoneid": zone, "networkid": networkId, "forvirtualnetwork": "false",
                "gateway": "198.18.10.1", "netmask": "255.255.255.0", "startip": "198.18.10.101", "endip": "198.18.10.150",
            ])
            #expect(second.root == "createvlaniprangeresponse")
            let vlan = second.object("vlan")
            #expect(vlan["networkid"] as? String == networkId)
            #expect(vlan["forvirtualnetwork"] as? Bool == false)
            #expect(vlan["zoneid"] as? String == zone)
            #expect(vlan["startip"] as? String == "198.18.10.101")
            #expect(vlan["endip"] as? String == "198.18.10.150")
            #expect(vlan["vlan"] as? String == "vlan://110", "a network's range takes the network's VLAN")
            #expect(vlan["cidr"] as? String == "198.18.10.0/24")

            let ranges = try await api.ok("listVlanIpRanges", ["zoneid": zone])
            #expect(ranges["count"] as? Int == 2)
            let starts = ranges.list("vlaniprange").compactMap { $0["startip"] as? String }.sorted()
            #expect(starts == ["198.18.10.10", "198.18.10.101"])

            let listed = try await api.ok("listNetworks", ["zoneid": zone, "listall": "true"])
            let entry = try #require(listed.list("network").first { $0["id"] as? String == networkId })
            #expect(entry["cidr"] as? String == "198.18.10.0/24")
            let services = try #require(entry["service"] as? [[String: Any]])
            let dhcp = try #require(services.first { $0["name"] as? String == "Dhcp" })
            #expect((dhcp["provider"] as? [[String: Any]])?.first?["name"] as? String == "Cumulo")
            #expect(dhcp["capability"] is [Any])

            let isolated = try await api.ok("createNetwork", [
                "zoneid": zone, "networkofferingid": try await Self.offering(api, "DefaultIsolatedNetworkOffering"), "name": "Isolated1",
            ]).object("network")
            #expect(isolated["cidr"] as? String == "198.19.0.0/24", "an isolated network without addressing takes the zone's guest CIDR")
            #expect(isolated["gateway"] as? String == "198.19.0.1")
            #expect(isolated["displaytext"] as? String == "Isolated1")
            #expect(isolated["physicalnetworkid"] as? String == physnet, "the zone's only Guest physical network is the default")
            #expect(isolated["state"] as? String == "Allocated")

            let rendered: [(ResponseSchema, [String: Any])] = [
                (.physicalnetwork, pn), (.traffictype, types[0]), (.networkoffering, shared), (.network, entry), (.vlan, vlan),
            ]
            for (schema, object) in rendered {
                let undeclared = Set(object.keys).subtracting(schema.fieldNames)
                #expect(undeclared.isEmpty, "\(schema.objectName) fields missing from its response schema: \(undeclared.sorted())")
            }

            let events = Set(try await api.cloud.db.read.all(Tables.event).map(\.type))
            for type in ["PHYSICAL.NETWORK.CREATE", "TRAFFIC.TYPE.CREATE", "PHYSICAL.NETWORK.UPDATE", "NETWORK.CREATE", "VLAN.IP.RANGE.CREATE"] {
                #expect(events.contains(type), "no \(type) event")
            }
        }
    }

    @Test func updateAndDelete() async throws {
        try await withTestAPI { api in
            let seeded = try await Self.seed(api)
            var params = Self.sharedNet
            params["zoneid"] = seeded.zone
            params["networkofferingid"] = try await Self.offering(api, "DefaultSharedNetworkOffering")
            let networkId = try #require(try await api.ok("createNetwork", params).object("network")["id"] as? String)

            let renamed = try await api.job("updateNetwork", ["id": networkId, "name": "Renamed", "dns1": "198.18.0.53"])
            #expect(renamed["jobinstancetype"] as? String == "Network")
            #expect(Self.jobObject(renamed, "network")["name"] as? String == "Renamed")
            #expect(Self.jobObject(renamed, "network")["dns1"] as? String == "198.18.0.53")

            let extra = try await api.ok("createVlanIpRange", [
                "networkid": networkId, "startip": "198.18.10.200", "endip": "198.18.10.210",
            ]).object("vlan")
            #expect(extra["gateway"] as? String == "198.18.10.1", "gateway and netmask default to the network's")
            let extraId = try #require(extra["id"] as? String)
            #expect(try await api.ok("deleteVlanIpRange", ["id": extraId])["success"] as? Bool == true)
            #expect(try await Self.count(api, "listVlanIpRanges", ["networkid": networkId]) == 1)

            let deleted = try await api.job("deleteNetwork", ["id": networkId])
            #expect((deleted["jobresult"] as? [String: Any])?["success"] as? Bool == true)
            #expect(try await Self.count(api, "listNetworks", ["listall": "true"]) == 0)
            #expect(try await Self.count(api, "listVlanIpRanges", ["zoneid": seeded.zone]) == 0, "a deleted network's ranges go with it")
            #expect(try await api.call("deleteNetwork", ["id": networkId]).status == 431, "a deleted network can not be deleted again")

            let guestGone = try await api.job("deleteTrafficType", ["id": seeded.guestTraffic])
            #expect(guestGone["jobstatus"] as? Int == 1)
            let gone = try await api.job("deletePhysicalNetwork", ["id": seeded.physnet])
            #expect((gone["jobresult"] as? [String: Any])?["success"] as? Bool == true)
            #expect(try await Self.count(api, "listPhysicalNetworks", ["zoneid": seeded.zone]) == 0)
            #expect(try await api.cloud.db.read.count(Tables.trafficType, []) == 0, "a deleted physical network's traffic types go with it")

            let events = Set(try await api.cloud.db.read.all(Tables.event).map(\.type))
            for type in ["NETWORK.UPDATE", "NETWORK.DELETE", "VLAN.IP.RANGE.DELETE", "TRAFFIC.TYPE.DELETE", "PHYSICAL.NETWORK.DELETE"] {
                #expect(events.contains(type), "no \(type) event")
            }
        }
    }

    // MARK: Refusals

    @Test func physicalNetworkRefusals() async throws {
        try await withTestAPI { api in
            let seeded = try await Self.seed(api)
            for bad in [
                ["vlan": "199-100"], ["vlan": "100-5000"], ["vlan": "lots"], ["isolationmethods": "CARRIER-PIGEON"],
                ["isolationmethods": "VLAN,VXLAN"], ["broadcastdomainrange": "POD"], ["name": " "],
            ] {
                var params = ["zoneid": seeded.zone, "name": "PhysNet2"]
                params.merge(bad) { $1 }
                let reply = try await api.call("createPhysicalNetwork", params)
                #expect(reply.status == 431, "\(bad) should be refused")
            }
            #expect(try await api.call("createPhysicalNetwork", ["zoneid": UUID().uuidString.lowercased(), "name": "X"]).status == 431)
            #expect(try await Self.count(api, "listPhysicalNetworks") == 1)

            let duplicate = try await api.call("addTrafficType", ["physicalnetworkid": seeded.physnet, "traffictype": "guest"])
            #expect(duplicate.status == 431)
            #expect(duplicate.errorText.contains("already carries Guest traffic"))
            #expect(try await api.call("addTrafficType", ["physicalnetworkid": seeded.physnet, "traffictype": "Control"]).status == 431)
            #expect(try await Self.count(api, "listTrafficTypes", ["physicalnetworkid": seeded.physnet]) == 2)

            let badState = try await api.job("updatePhysicalNetwork", ["id": seeded.physnet, "state": "Sideways"])
            #expect(badState["jobstatus"] as? Int == 2)
            #expect(Self.jobError(badState).code == 431)

            var params = Self.sharedNet
            params["zoneid"] = seeded.zone
            params["networkofferingid"] = try await Self.offering(api, "DefaultSharedNetworkOffering")
            try await api.ok("createNetwork", params)

            let inUse = try await api.job("deletePhysicalNetwork", ["id": seeded.physnet])
            #expect(inUse["jobstatus"] as? Int == 2)
            #expect(inUse["jobresultcode"] as? Int == 431)
            #expect(Self.jobError(inUse).code == 431)
            #expect(Self.jobError(inUse).text.contains("GuestNet1"))
            #expect(try await Self.count(api, "listPhysicalNetworks") == 1)

            let guestInUse = try await api.job("deleteTrafficType", ["id": seeded.guestTraffic])
            #expect(Self.jobError(guestInUse).code == 431)
            #expect(try await Self.count(api, "listTrafficTypes", ["physicalnetworkid": seeded.physnet]) == 2)
        }
    }

    @Test func createNetworkRefusals() async throws {
        try await withTestAPI { api in
            let seeded = try await Self.seed(api)
            let shared = try await Self.offering(api, "DefaultSharedNetworkOffering")
            let isolated = try await Self.offering(api, "DefaultIsolatedNetworkOffering")
            let cases: [(String, [String: String], String)] = [
                ("netmask not contiguous", ["netmask": "255.0.255.0"], "netmask"),
                ("gateway is the network address", ["gateway": "198.18.10.0"], "network or broadcast"),
                ("gateway malformed", ["gateway": "198.18.10"], "gateway"),
                ("start outside the subnet", ["startip": "198.18.11.10", "endip": "198.18.11.20"], "not inside"),
                ("end outside the subnet", ["endip": "198.18.11.20"], "not inside"),
                ("range contains the gateway", ["startip": "198.18.10.1"], "gateway"),
                ("range around the gateway", ["gateway": "198.18.10.50"], "gateway"),
                ("start after end", ["startip": "198.18.10.100", "endip": "198.18.10.10"], "greater than"),
                ("no gateway for a shared network", ["gateway": ""], "gateway and netmask"),
                ("vlan outside 1-4094", ["vlan": "5000"], "VLAN"),
                ("acltype nonsense", ["acltype": "Everyone"], "acltype"),
            ]
            for (what, changes, text) in cases {
                var params = Self.sharedNet
                params["zoneid"] = seeded.zone
                params["networkofferingid"] = shared
                params.merge(changes) { $1 }
                let reply = try await api.call("createNetwork", params)
                #expect(reply.status == 431, "\(what) should be refused")
                #expect(reply.errorText.contains(text), "\(what): \(reply.errorText)")
            }

            let withRange = try await api.call("createNetwork", [
                "zoneid": seeded.zone, "networkofferingid": isolated, "name": "Iso", "startip": "198.19.0.10",
            ])
            #expect(withRange.status == 431, "an isolated offering takes no IP range")

            try await api.cloud.db.transaction { store in
                _ = try await store.overwrite(Tables.networkOffering, id: isolated, set: [.set(.state, "Disabled")])
            }
            let disabled = try await api.call("createNetwork", ["zoneid": seeded.zone, "networkofferingid": isolated, "name": "Iso"])
            #expect(disabled.status == 431)
            #expect(disabled.errorText.contains("Enabled"))
            try await api.cloud.db.transaction { store in
                _ = try await store.overwrite(Tables.networkOffering, id: isolated, set: [.set(.state, "Enabled")])
            }

            var basic = Self.zoneParams
            basic["name"] = "BasicZone"
            basic["networktype"] = "Basic"
            basic["guestcidraddress"] = nil
            let basicZone = try #require(try await api.ok("createZone", basic).object("zone")["id"] as? String)
            let inBasic = try await api.call("createNetwork", ["zoneid": basicZone, "networkofferingid": isolated, "name": "Iso"])
            #expect(inBasic.status == 431)
            #expect(inBasic.errorText.contains("Advanced"))

            #expect(try await Self.count(api, "listNetworks", ["listall": "true"]) == 0)
            #expect(try await Self.count(api, "listVlanIpRanges") == 0)

            var first = Self.sharedNet
            first["zoneid"] = seeded.zone
            first["networkofferingid"] = shared
            try await api.ok("createNetwork", first)
            var clash = first
            clash["name"] = "GuestNet2"
            clash["vlan"] = "120"
            clash["startip"] = "198.18.10.50"
            clash["endip"] = "198.18.10.60"
            let overlap = try await api.call("createNetwork", clash)
            #expect(overlap.status == 431)
            #expect(overlap.errorText.contains("198.18.10.10-198.18.10.100"), "\(overlap.errorText)")
            clash["startip"] = "198.18.10.150"
            clash["endip"] = "198.18.10.160"
            clash["vlan"] = "110"
            let sameVlan = try await api.call("createNetwork", clash)
            #expect(sameVlan.status == 431)
            #expect(sameVlan.errorText.contains("GuestNet1"))
            #expect(try await Self.count(api, "listNetworks", ["listall": "true"]) == 1)
            #expect(try await Self.count(api, "listVlanIpRanges") == 1)
        }
    }

    @Test func ipRangeRefusals() async throws {
        try await withTestAPI { api in
            let seeded = try await Self.seed(api)
            _ = try await api.job("addTrafficType", ["physicalnetworkid": seeded.physnet, "traffictype": "Public", "kvmnetworklabel": "cloudbr2"])
            try await api.ok("createPod", [
                "zoneid": seeded.zone, "name": "Pod1", "gateway": "198.18.30.1", "netmask": "255.255.255.0",
                "startip": "198.18.30.10", "endip": "198.18.30.100",
            ])
            var params = Self.sharedNet
            params["zoneid"] = seeded.zone
            params["networkofferingid"] = try await Self.offering(api, "DefaultSharedNetworkOffering")
            let networkId = try #require(try await api.ok("createNetwork", params).object("network")["id"] as? String)
            let publicRange = try await api.ok("createVlanIpRange", [
                "zoneid": seeded.zone, "gateway": "198.18.20.1", "netmask": "255.255.255.0", "startip": "198.18.20.10", "endip": "198.18.20.50",
            ]).object("vlan")
            #expect(publicRange["forvirtualnetwork"] as? Bool == true)
            #expect(publicRange["physicalnetworkid"] as? String == seeded.physnet, "public ranges go on the physical network with Public traffic")
            #expect(publicRange["vlan"] as? String == "vlan://untagged")

            let guest = ["networkid": networkId, "gateway": "198.18.10.1", "netmask": "255.255.255.0"]
            let publicZone = ["zoneid": seeded.zone, "gateway": "198.18.20.1", "netmask": "255.255.255.0"]
            let pod = ["zoneid": seeded.zone, "gateway": "198.18.30.1", "netmask": "255.255.255.0"]
            let cases: [(String, [String: String], String)] = [
                ("overlaps the network's first range", guest.merging(["startip": "198.18.10.90", "endip": "198.18.10.120"]) { $1 }, "198.18.10.10-198.18.10.100"),
                ("overlaps the public range", publicZone.merging(["startip": "198.18.20.50"]) { $1 }, "public IP range 198.18.20.10-198.18.20.50"),
                ("overlaps the pod's management range", pod.merging(["startip": "198.18.30.50", "endip": "198.18.30.60"]) { $1 }, "management IP range 198.18.30.10-198.18.30.100 of pod Pod1"),
                ("start after end", guest.merging(["startip": "198.18.10.180", "endip": "198.18.10.170"]) { $1 }, "greater than"),
                ("outside the gateway's subnet", guest.merging(["startip": "198.18.12.10", "endip": "198.18.12.20"]) { $1 }, "not inside"),
                ("contains the gateway", guest.merging(["startip": "198.18.10.1", "endip": "198.18.10.5"]) { $1 }, "gateway"),
                ("no start", guest, "startip"),
                ("neither network nor zone", ["gateway": "198.18.40.1", "netmask": "255.255.255.0", "startip": "198.18.40.10"], "networkid"),
                ("direct range without a network", publicZone.merging(["startip": "198.18.20.100", "forvirtualnetwork": "false"]) { $1 }, "networkid"),
                ("public range on a guest network", guest.merging(["startip": "198.18.10.200", "forvirtualnetwork": "true"]) { $1 }, "virtual"),
                ("another VLAN than the network's", guest.merging(["startip": "198.18.10.200", "vlan": "111"]) { $1 }, "VLAN"),
            ]
            for (what, params, text) in cases {
                let reply = try await api.call("createVlanIpRange", params)
                #expect(reply.status == 431, "\(what) should be refused")
                #expect(reply.errorText.contains(text), "\(what): \(reply.errorText)")
            }
            #expect(try await Self.count(api, "listVlanIpRanges") == 2)
            #expect(try await api.call("deleteVlanIpRange", ["id": UUID().uuidString.lowercased()]).status == 431)

            let isolated = try #require(try await api.ok("createNetwork", [
                "zoneid": seeded.zone, "networkofferingid": try await Self.offering(api, "DefaultIsolatedNetworkOffering"), "name": "Iso",
            ]).object("network")["id"] as? String)
            let onIsolated = try await api.call("createVlanIpRange", ["networkid": isolated, "startip": "198.19.0.10"])
            #expect(onIsolated.status == 431)
            #expect(try await Self.count(api, "listVlanIpRanges") == 2)
        }
    }

    // MARK: Who sees what

    @Test func usersSeeOnlyTheirOwnAndTheirDomainsNetworks() async throws {
        try await withTestAPI { api in
            let seeded = try await Self.seed(api)
            let shared = try await Self.offering(api, "DefaultSharedNetworkOffering")
            let isolated = try await Self.offering(api, "DefaultIsolatedNetworkOffering")
            var params = Self.sharedNet
            params["zoneid"] = seeded.zone
            params["networkofferingid"] = shared
            let adminNet = try #require(try await api.ok("createNetwork", params).object("network")["id"] as? String)

            let bob = try await api.asNewUser("bob")
            #expect(try await Self.count(bob, "listNetworks") == 0, "a user never sees another account's networks")
            #expect(try await Self.count(bob, "listNetworks", ["listall": "true"]) == 0)
            #expect(try await Self.count(bob, "listNetworks", ["id": adminNet]) == 0)
            let bobDelete = try await bob.call("deleteNetwork", ["id": adminNet])
            #expect(bobDelete.status == 531)
            #expect(try await bob.call("updateNetwork", ["id": adminNet, "name": "Mine"]).status == 531)

            var bobShared = params
            bobShared["name"] = "BobShared"
            bobShared["vlan"] = nil
            bobShared["startip"] = nil
            bobShared["endip"] = nil
            #expect(try await bob.call("createNetwork", bobShared).status == 431, "users can not create Shared networks")
            #expect(try await bob.call("createVlanIpRange", ["networkid": adminNet, "startip": "198.18.10.200"]).status != 200)

            let bobNet = try await bob.ok("createNetwork", ["zoneid": seeded.zone, "networkofferingid": isolated, "name": "BobNet"]).object("network")
            #expect(bobNet["account"] as? String == "bob")
            let bobNetId = try #require(bobNet["id"] as? String)
            #expect(try await bob.ok("listNetworks").list("network").compactMap { $0["id"] as? String } == [bobNetId])
            #expect(try await api.ok("listNetworks").list("network").compactMap { $0["id"] as? String } == [adminNet],
                    "without listall an administrator lists only their own networks")
            #expect(try await Self.count(api, "listNetworks", ["listall": "true"]) == 2)

            let carol = try await api.asNewUser("carol")
            #expect(try await Self.count(carol, "listNetworks", ["listall": "true"]) == 0)

            let root = try #require(try await api.cloud.db.read.first(Tables.domain, [.equals(.path, "/")]))
            var domainParams = params
            domainParams["name"] = "RootShared"
            domainParams["vlan"] = "120"
            domainParams["startip"] = "198.18.10.150"
            domainParams["endip"] = "198.18.10.160"
            domainParams["acltype"] = "Domain"
            domainParams["domainid"] = root.id
            let domainNet = try await api.ok("createNetwork", domainParams).object("network")
            #expect(domainNet["acltype"] as? String == "Domain")
            #expect(domainNet["account"] == nil)
            let domainNetId = try #require(domainNet["id"] as? String)
            let carolSees = try await carol.ok("listNetworks").list("network")
            #expect(carolSees.compactMap { $0["id"] as? String } == [domainNetId], "a network shared by the ROOT domain is visible to its accounts")
            #expect(carolSees.first?["vlan"] == nil && carolSees.first?["broadcasturi"] == nil, "only root administrators see a network's VLAN")
            #expect(try await Set(bob.ok("listNetworks").list("network").compactMap { $0["id"] as? String }) == [bobNetId, domainNetId])
            #expect(try await bob.call("deleteNetwork", ["id": domainNetId]).status == 531)

            let forBob = try await api.ok("createNetwork", [
                "zoneid": seeded.zone, "networkofferingid": isolated, "name": "ForBob", "account": "bob", "domainid": root.id,
            ]).object("network")
            #expect(forBob["account"] as? String == "bob")
            #expect(try await Self.count(bob, "listNetworks") == 3)
            #expect(try await bob.call("createNetwork", [
                "zoneid": seeded.zone, "networkofferingid": isolated, "name": "ForCarol", "account": "carol", "domainid": root.id,
            ]).status == 531)
        }
    }
}
