import DomainModel
import Foundation
import Persistence
import Testing

@Suite("Virtual machine listings, answers and access through the API")
struct VirtualMachineAPITests {
    static func names(_ api: TestAPI, _ params: [String: String] = [:]) async throws -> [String] {
        try await api.ok("listVirtualMachines", params).list("virtualmachine").compactMap { $0["name"] as? String }.sorted()
    }

    static func jobCount(_ api: TestAPI) async throws -> Int {
        try await api.cloud.db.read.count(Tables.asyncJob, [])
    }

    // MARK: Listing and scoping

    @Test func listingShowsOnlyWhatTheCallerMaySee() async throws {
        try await withTestAPI { api in
            let f = try await ComputeFixture.make(api)
            let alice = try await api.asNewUser("alice")
            _ = try await api.asNewUser("bob")
            let sub = try #require(try await api.ok("createDomain", ["name": "sub"]).object("domain")["id"] as? String)
            _ = try await ComputeFixture.account(api, "carol", domainId: sub)
            let dave = try await ComputeFixture.account(api, "dave", type: 2, domainId: sub)

            let adminVM = f.vm("admin-vm", of: try await f.account("admin"), state: .running, onHost: true)
            let aliceVM = f.vm("alice-vm", of: try await f.account("alice"))
            let bobVM = f.vm("bob-vm", of: try await f.account("bob"), state: .running, onHost: true)
            let carolVM = f.vm("carol-vm", of: try await f.account("carol"), state: .destroyed)
            var gone = f.vm("alice-gone", of: try await f.account("alice"), state: .expunging)
            gone.removed = Date()
            try await f.insert(vms: [adminVM, aliceVM, bobVM, carolVM, gone],
                               nics: [f.nic(of: bobVM, address: "198.18.5.20", mac: "02:00:00:00:00:20")])

            // A user sees their own live VMs, with or without listall; never another account's, never an expunged one.
            let own = try await alice.ok("listVirtualMachines")
            #expect(own.root == "listvirtualmachinesresponse")
            #expect(own["count"] as? Int == 1)
            #expect(try await Self.names(alice) == ["alice-vm"])
            #expect(try await Self.names(alice, ["listall": "true"]) == ["alice-vm"])
            #expect(try await alice.ok("listVirtualMachines", ["id": bobVM.id]).raw == #"{"listvirtualmachinesresponse":{}}"#)
            #expect(try await Self.names(alice, ["id": gone.id]).isEmpty)
            #expect(try await Self.names(alice, ["ids": "\(aliceVM.id),\(bobVM.id)"]) == ["alice-vm"])

            // The root administrator sees only its own without listall, every live VM with it.
            #expect(try await Self.names(api) == ["admin-vm"])
            #expect(try await Self.names(api, ["listall": "true"]) == ["admin-vm", "alice-vm", "bob-vm", "carol-vm"])
            #expect(try await Self.names(api, ["account": "alice", "domainid": f.rootDomain]) == ["alice-vm"])
            #expect(try await Self.names(api, ["domainid": sub, "listall": "true"]) == ["carol-vm"])

            // A domain administrator sees the VMs of accounts in its domain, and may not look above it.
            #expect(try await Self.names(dave, ["listall": "true"]) == ["carol-vm"])
            #expect(try await dave.call("listVirtualMachines", ["domainid": f.rootDomain]).status == 531)

            // Filters.
            #expect(try await Self.names(api, ["listall": "true", "state": "running"]) == ["admin-vm", "bob-vm"])
            #expect(try await Self.names(api, ["listall": "true", "state": "Present"]) == ["admin-vm", "alice-vm", "bob-vm"])
            #expect(try await Self.names(api, ["listall": "true", "hostid": f.host]) == ["admin-vm", "bob-vm"])
            #expect(try await Self.names(api, ["listall": "true", "networkid": f.network.id]) == ["bob-vm"])
            #expect(try await Self.names(api, ["listall": "true", "keyword": "bob"]) == ["bob-vm"])
            #expect(try await Self.names(api, ["listall": "true", "name": "carol-vm"]) == ["carol-vm"])
            #expect(try await Self.names(api, ["listall": "true", "zoneid": f.zone]).count == 4)
            #expect(try await Self.names(api, ["listall": "true", "hypervisor": "XenServer"]).isEmpty)
            #expect(try await api.call("listVirtualMachines", ["details": "nics,bogus"]).status == 431)
            #expect(try await Self.names(api, ["listall": "true", "details": "min"]).count == 4)

            // Paging counts every match; a count-only answer carries nothing else.
            let page = try await api.ok("listVirtualMachines", ["listall": "true", "page": "2", "pagesize": "3"])
            #expect(page["count"] as? Int == 4)
            #expect(page.list("virtualmachine").count == 1)
            let countOnly = try await api.ok("listVirtualMachines", ["listall": "true", "retrieveonlyresourcecount": "true"])
            #expect(countOnly.raw == #"{"listvirtualmachinesresponse":{"count":4}}"#)

            // A placement filter is for administrators only.
            let hostFilter = try await alice.call("listVirtualMachines", ["hostid": f.host])
            #expect(hostFilter.status == 531)
            #expect(hostFilter.errorText.contains("hostid"))
        }
    }

    // MARK: The virtualmachine object

    @Test func answerCarriesTheVMsNICsImagesAndOffering() async throws {
        try await withTestAPI { api in
            let f = try await ComputeFixture.make(api)
            let alice = try await api.asNewUser("alice")
            var vm = f.vm("web-1", of: try await f.account("alice"), state: .running, onHost: true)
            vm.displayName = "Web server"
            vm.isoId = f.iso.id
            vm.group = "frontend"
            vm.haEnabled = true
            vm.keypairs = "laptop, deploy"
            vm.details = #"{"cpuOvercommitRatio":"2","rootdisksize":"20"}"#
            vm.userData = "c2VjcmV0LXVzZXItZGF0YQ=="
            vm.password = "s3cret-password"
            let secondary = f.nic(of: vm, address: "198.18.5.31", mac: "02:00:00:00:00:31", isDefault: false, deviceId: 1)
            let primary = f.nic(of: vm, address: "198.18.5.30", mac: "02:00:00:00:00:30", isDefault: true, deviceId: 0)
            var removedNic = f.nic(of: vm, address: "198.18.5.32", mac: "02:00:00:00:00:32", isDefault: false, deviceId: 2)
            removedNic.removed = Date()
            try await f.insert(vms: [vm], nics: [secondary, primary, removedNic])

            let reply = try await alice.ok("listVirtualMachines", ["id": vm.id])
            let object = try #require(reply.list("virtualmachine").first)
            #expect(object["id"] as? String == vm.id)
            #expect(object["name"] as? String == "web-1")
            #expect(object["displayname"] as? String == "Web server")
            #expect(object["account"] as? String == "alice")
            #expect(object["domain"] as? String == "ROOT")
            #expect(object["domainid"] as? String == f.rootDomain)
            #expect(object["state"] as? String == "Running")
            #expect(object["haenable"] as? Bool == true)
            #expect(object["group"] as? String == "frontend")
            #expect(object["zoneid"] as? String == f.zone)
            #expect(object["zonename"] as? String == "Zone1")
            #expect(object["templateid"] as? String == f.template.id)
            #expect(object["templatename"] as? String == "tiny-linux")
            #expect(object["templatedisplaytext"] as? String == "Tiny Linux 1.0")
            #expect(object["passwordenabled"] as? Bool == true)
            #expect(object["isoid"] as? String == f.iso.id)
            #expect(object["isoname"] as? String == "rescue")
            #expect(object["isodisplaytext"] as? String == "Rescue CD")
            #expect(object["serviceofferingid"] as? String == f.offering.id)
            #expect(object["serviceofferingname"] as? String == "Small Instance")
            #expect(object["diskofferingid"] == nil)
            #expect(object["cpunumber"] as? Int == 1)
            #expect(object["cpuspeed"] as? Int == 500)
            #expect(object["memory"] as? Int == 512)
            #expect(object["guestosid"] as? String == f.osType.id)
            #expect(object["ostypeid"] as? String == f.osType.id)
            #expect(object["rootdeviceid"] as? Int == 0)
            #expect(object["rootdevicetype"] as? String == "ROOT")
            #expect(object["hypervisor"] as? String == "KVM")
            #expect(object["keypairs"] as? String == "laptop,deploy")
            #expect(object["details"] as? [String: String] == ["cpuOvercommitRatio": "2", "rootdisksize": "20"])
            #expect(object["ipaddress"] as? String == "198.18.5.30")
            for empty in ["securitygroup", "affinitygroup", "tags"] {
                #expect((object[empty] as? [Any])?.isEmpty == true, "\(empty) is an empty list")
            }
            // Never shown in a listing: user data, the password, and (to a user) the hypervisor-side facts.
            for hidden in ["userdata", "password", "instancename", "hostid", "hostname", "podid", "displayvm"] {
                #expect(object[hidden] == nil, "\(hidden) is not shown to a user")
            }
            #expect(!reply.raw.contains("s3cret-password") && !reply.raw.contains("c2VjcmV0LXVzZXItZGF0YQ"))

            // NICs in device order, removed ones left out.
            let nics = try #require(object["nic"] as? [[String: Any]])
            #expect(nics.map { $0["ipaddress"] as? String } == ["198.18.5.30", "198.18.5.31"])
            let nic = nics[0]
            #expect(nic["id"] as? String == primary.id)
            #expect(nic["networkid"] as? String == f.network.id)
            #expect(nic["networkname"] as? String == "guest-shared")
            #expect(nic["netmask"] as? String == "255.255.255.0")
            #expect(nic["gateway"] as? String == "198.18.5.1")
            #expect(nic["macaddress"] as? String == "02:00:00:00:00:30")
            #expect(nic["isdefault"] as? Bool == true)
            #expect(nics[1]["isdefault"] as? Bool == false)
            #expect(nic["traffictype"] as? String == "Guest")
            #expect(nic["type"] as? String == "Shared")
            #expect(nic["deviceid"] as? String == "0")
            #expect(nics[1]["deviceid"] as? String == "1")
            #expect(nic["broadcasturi"] as? String == "vlan://100")
            #expect(nic["isolationuri"] as? String == "vlan://100")
            #expect((nic["secondaryip"] as? [Any])?.isEmpty == true)

            // The root administrator also sees where the VM runs.
            let asAdmin = try #require(try await api.ok("listVirtualMachines", ["id": vm.id, "listall": "true"]).list("virtualmachine").first)
            #expect(asAdmin["instancename"] as? String == vm.instanceName)
            #expect(asAdmin["hostid"] as? String == f.host)
            #expect(asAdmin["hostname"] as? String == "kvm1")
            #expect(asAdmin["podid"] as? String == f.pod)
            #expect(asAdmin["password"] == nil)

            // XML carries the same object with its nested NICs.
            let xml = try await alice.call("listVirtualMachines", ["id": vm.id, "response": "xml"])
            #expect(xml.status == 200)
            #expect(xml.raw.contains("<virtualmachine><id>\(vm.id)</id>"))
            #expect(xml.raw.components(separatedBy: "<nic>").count == 3)
            #expect(xml.raw.contains("<macaddress>02:00:00:00:00:31</macaddress>"))
        }
    }

    @Test func stoppedVMHasNoHostAndNoISO() async throws {
        try await withTestAPI { api in
            let f = try await ComputeFixture.make(api)
            var vm = f.vm("quiet", of: try await f.account("admin"))
            vm.lastHostId = f.host
            vm.diskOfferingId = f.diskOffering.id
            try await f.insert(vms: [vm])
            let object = try #require(try await api.ok("listVirtualMachines", ["id": vm.id]).list("virtualmachine").first)
            #expect(object["state"] as? String == "Stopped")
            for absent in ["hostid", "hostname", "isoid", "isoname", "ipaddress", "group", "keypairs", "password"] {
                #expect(object[absent] == nil, "\(absent) is left out")
            }
            #expect(object["instancename"] as? String == vm.instanceName)
            #expect(object["diskofferingid"] as? String == f.diskOffering.id)
            #expect(object["diskofferingname"] as? String == "Medium")
            #expect((object["nic"] as? [Any])?.isEmpty == true)
            #expect(object["details"] as? [String: String] == [:])
        }
    }

    // MARK: Ids the caller may not see

    @Test func anotherAccountsVMAnswersLikeAnUnknownOne() async throws {
        try await withTestAPI { api in
            let f = try await ComputeFixture.make(api)
            let alice = try await api.asNewUser("alice")
            _ = try await api.asNewUser("bob")
            let bobVM = f.vm("bob-vm", of: try await f.account("bob"), state: .running, onHost: true)
            var expunged = f.vm("alice-old", of: try await f.account("alice"), state: .expunging)
            expunged.removed = Date()
            try await f.insert(vms: [bobVM, expunged])
            let unknown = ResourceID.make()
            let jobsBefore = try await Self.jobCount(api)

            let calls: [(String, String)] = [
                ("startVirtualMachine", "id"), ("stopVirtualMachine", "id"), ("rebootVirtualMachine", "id"),
                ("destroyVirtualMachine", "id"), ("updateVirtualMachine", "id"), ("resetSSHKeyForVirtualMachine", "id"),
                ("detachIso", "virtualmachineid"),
            ]
            for (command, parameter) in calls {
                var extra: [String: String] = [:]
                if command == "resetSSHKeyForVirtualMachine" { extra["keypair"] = "laptop" }
                let hidden = try await alice.call(command, extra.merging([parameter: bobVM.id]) { $1 })
                let missing = try await alice.call(command, extra.merging([parameter: unknown]) { $1 })
                let removed = try await alice.call(command, extra.merging([parameter: expunged.id]) { $1 })
                #expect(hidden.status == 431, "\(command): \(hidden.raw)")
                #expect(hidden.errorCode == missing.errorCode && hidden.errorCode == removed.errorCode, "\(command)")
                #expect(hidden.body["cserrorcode"] as? Int == missing.body["cserrorcode"] as? Int, "\(command)")
                #expect(hidden.errorText.replacingOccurrences(of: bobVM.id, with: "ID") == missing.errorText.replacingOccurrences(of: unknown, with: "ID"),
                        "\(command): \(hidden.errorText) / \(missing.errorText)")
                #expect(removed.errorText.replacingOccurrences(of: expunged.id, with: "ID") == missing.errorText.replacingOccurrences(of: unknown, with: "ID"))
                #expect(!hidden.raw.contains("bob-vm"))
            }
            let attach = try await alice.call("attachIso", ["id": f.iso.id, "virtualmachineid": bobVM.id])
            #expect(attach.status == 431)
            #expect(attach.errorText.contains("virtualmachineid"))
            #expect(try await Self.jobCount(api) == jobsBefore, "refused commands start no job")

            // The owner's records are untouched.
            let stored = try #require(try await api.cloud.db.read.find(Tables.vmInstance, id: bobVM.id))
            #expect(stored.state == .running)
        }
    }

    @Test func recoveringAndExpungingAreForAdministrators() async throws {
        try await withTestAPI { api in
            let f = try await ComputeFixture.make(api)
            let alice = try await api.asNewUser("alice")
            let vm = f.vm("alice-vm", of: try await f.account("alice"), state: .destroyed)
            try await f.insert(vms: [vm])
            #expect(try await alice.call("recoverVirtualMachine", ["id": vm.id]).status == 432)
            #expect(try await alice.call("expungeVirtualMachine", ["id": vm.id]).status == 432)
            #expect(try await api.call("recoverVirtualMachine", ["id": ResourceID.make()]).status == 431)
        }
    }

    // MARK: Placement parameters

    @Test func placementParametersAreForRootAdministratorsOnly() async throws {
        try await withTestAPI { api in
            let f = try await ComputeFixture.make(api)
            let alice = try await api.asNewUser("alice")
            let sub = try #require(try await api.ok("createDomain", ["name": "sub"]).object("domain")["id"] as? String)
            let dave = try await ComputeFixture.account(api, "dave", type: 2, domainId: sub)
            let deploy = ["zoneid": f.zone, "serviceofferingid": f.offering.id, "templateid": f.template.id]
            let jobsBefore = try await Self.jobCount(api)

            for (caller, who) in [(alice, "user"), (dave, "domain administrator")] {
                for parameter in ["hostid", "podid", "clusterid"] {
                    let value = parameter == "hostid" ? f.host : parameter == "podid" ? f.pod : ResourceID.make()
                    let reply = try await caller.call("deployVirtualMachine", deploy.merging([parameter: value]) { $1 })
                    #expect(reply.status == 531, "\(who) deploying with \(parameter): \(reply.raw)")
                    #expect(reply.errorCode == 531)
                    #expect(reply.errorText.contains(parameter), "\(reply.errorText)")
                }
            }
            let mine = f.vm("alice-vm", of: try await f.account("alice"))
            try await f.insert(vms: [mine])
            let start = try await alice.call("startVirtualMachine", ["id": mine.id, "hostid": f.host])
            #expect(start.status == 531)
            #expect(start.errorText.contains("hostid"))
            let daveStart = try await dave.call("startVirtualMachine", ["id": mine.id, "hostid": f.host])
            #expect(daveStart.status == 531)
            #expect(daveStart.errorText.contains("hostid"))

            #expect(try await api.cloud.db.read.count(Tables.vmInstance, []) == 1, "no VM was recorded")
            #expect(try await Self.jobCount(api) == jobsBefore)

            // The root administrator's pin passes the check (the deployment itself is the workflow's business).
            let pinned = try await api.call("deployVirtualMachine", deploy.merging(["hostid": f.host, "projectid": ResourceID.make()]) { $1 })
            #expect(pinned.status == 431, "refused for projectid, not for hostid: \(pinned.raw)")
            #expect(pinned.errorText.contains("projectid"))
        }
    }

    // MARK: Deployment input checked before anything is recorded

    @Test func badDeploymentInputFailsAtOnce() async throws {
        try await withTestAPI { api in
            let f = try await ComputeFixture.make(api)
            let deploy = ["zoneid": f.zone, "serviceofferingid": f.offering.id, "templateid": f.template.id]
            let jobsBefore = try await Self.jobCount(api)

            let both = try await api.call("deployVirtualMachine", deploy.merging([
                "networkids": f.network.id, "iptonetworklist[0].networkid": f.network.id, "iptonetworklist[0].ip": "198.18.5.40",
            ]) { $1 })
            #expect(both.status == 431)
            #expect(both.errorText.contains("iptonetworklist"))
            let malformed = try await api.call("deployVirtualMachine", deploy.merging(["iptonetworklist[first].ip": "198.18.5.40"]) { $1 })
            #expect(malformed.status == 430)
            let noNetwork = try await api.call("deployVirtualMachine", deploy.merging(["iptonetworklist[0].ip": "198.18.5.40"]) { $1 })
            #expect(noNetwork.status == 431)
            #expect(noNetwork.errorText.contains("networkid"))
            let groups = try await api.call("deployVirtualMachine", deploy.merging(["securitygroupids": ResourceID.make()]) { $1 })
            #expect(groups.status == 431)
            #expect(groups.errorText.contains("securitygroupids"))
            let xen = try await api.call("deployVirtualMachine", deploy.merging(["hypervisor": "XenServer"]) { $1 })
            #expect(xen.status == 431)
            let project = try await api.call("deployVirtualMachine", deploy.merging(["projectid": ResourceID.make()]) { $1 })
            #expect(project.status == 431)
            #expect(project.errorText.contains("Projects are not supported"))
            let missing = try await api.call("deployVirtualMachine", ["zoneid": f.zone, "serviceofferingid": f.offering.id])
            #expect(missing.status == 431)
            #expect(missing.errorText.contains("templateid"))
            let badSize = try await api.call("deployVirtualMachine", deploy.merging(["rootdisksize": "big"]) { $1 })
            #expect(badSize.status == 431)
            // Checks the workflow makes before answering fail the same way: nothing recorded, no job.
            let noZone = try await api.call("deployVirtualMachine", deploy.merging(["zoneid": ResourceID.make()]) { $1 })
            #expect(noZone.status == 431, "\(noZone.raw)")

            #expect(try await api.cloud.db.read.count(Tables.vmInstance, []) == 0)
            #expect(try await Self.jobCount(api) == jobsBefore)
        }
    }
}
