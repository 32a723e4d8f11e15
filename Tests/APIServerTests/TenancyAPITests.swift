import APIModel
import DomainModel
import Foundation
import Persistence
import Testing

/// A domain administrator may not act on identities that outrank it, parameters CloudStack keeps for root
/// administrators are refused to domain administrators, and a deployment uses only offerings its account sees.
@Suite("Tenancy: authority over accounts, root-only parameters, offerings a deployment may use")
struct TenancyAPITests {
    static func userId(_ api: TestAPI, of name: String) async throws -> String {
        try #require(try await api.cloud.db.read.first(Tables.user, [.equals(.username, name)])?.id)
    }

    @Test func aDomainAdminMayNotActOnTheRootAdmin() async throws {
        try await withTestAPI { api in
            let f = try await ComputeFixture.make(api)
            let manager = try await ComputeFixture.account(api, "manager", type: 2, domainId: f.rootDomain)
            let adminUser = try await Self.userId(api, of: "admin")
            let admin = try await f.account("admin")
            let before = try #require(try await api.cloud.db.read.find(Tables.user, id: adminUser))

            let attempts: [(String, [String: String])] = [
                ("createUser", ["account": "admin", "domainid": f.rootDomain, "username": "intruder", "password": "Intrude-1x",
                                "firstname": "I", "lastname": "N", "email": "i@example.org"]),
                ("getUserKeys", ["id": adminUser]),
                ("registerUserKeys", ["id": adminUser]),
                ("updateUser", ["id": adminUser, "email": "taken@example.org", "password": "Taken-Over-1"]),
                ("disableUser", ["id": adminUser]),
                ("enableUser", ["id": adminUser]),
                ("deleteUser", ["id": adminUser]),
                ("updateAccount", ["id": admin.id, "newname": "taken"]),
                ("disableAccount", ["id": admin.id, "lock": "true"]),
                ("deleteAccount", ["id": admin.id]),
                ("createSSHKeyPair", ["name": "planted", "account": "admin", "domainid": f.rootDomain]),
            ]
            for (command, params) in attempts {
                let reply = try await manager.call(command, params)
                #expect(reply.status == 531, "\(command): \(reply.raw)")
                #expect(reply.errorCode == 531, "\(command): \(reply.raw)")
                #expect(!reply.raw.contains(before.secretKey ?? "-"), "\(command) leaked the secret key")
            }
            #expect(try await api.cloud.db.read.find(Tables.user, id: adminUser) == before, "the root admin's user is unchanged")
            #expect(try await f.account("admin") == admin)
            #expect(try await api.cloud.db.read.first(Tables.user, [.equals(.username, "intruder")]) == nil)
            #expect(try await api.cloud.db.read.count(Tables.sshKeyPair, []) == 0)

            // Nor on its VMs and volumes, which it does see.
            let vm = f.vm("admin-vm", of: admin)
            let volume = f.volume("admin-data", of: admin)
            try await f.insert(vms: [vm], volumes: [volume])
            #expect(try await manager.ok("listVirtualMachines", ["listall": "true"]).list("virtualmachine").count == 1)
            for (command, params) in [("startVirtualMachine", ["id": vm.id]), ("destroyVirtualMachine", ["id": vm.id]),
                                      ("updateVirtualMachine", ["id": vm.id, "displayname": "taken"]),
                                      ("deleteVolume", ["id": volume.id]), ("resizeVolume", ["id": volume.id, "size": "40"])] {
                let reply = try await manager.call(command, params)
                #expect(reply.status == 531, "\(command): \(reply.raw)")
            }
            #expect(try await api.cloud.db.read.find(Tables.vmInstance, id: vm.id)?.state == .stopped)
            #expect(try await api.cloud.db.read.find(Tables.volume, id: volume.id)?.removed == nil)

            // Nor on its private templates.
            var template = f.template
            template.id = ResourceID.make()
            template.name = "private"
            template.isPublic = false
            let privateTemplate = template
            try await api.cloud.db.transaction { store in try await store.insert(privateTemplate, into: Tables.template) }
            for (command, params) in [("updateTemplate", ["id": template.id, "name": "taken"]), ("deleteTemplate", ["id": template.id]),
                                      ("updateTemplatePermissions", ["id": template.id, "ispublic": "true"])] {
                let reply = try await manager.call(command, params)
                #expect(reply.status == 531, "\(command): \(reply.raw)")
            }
            let stored = try await api.cloud.db.read.find(Tables.template, id: template.id)
            #expect(stored?.name == "private" && stored?.isPublic == false && stored?.removed == nil)
        }
    }

    @Test func aDomainAdminActsOnItselfAndOnThoseBelowIt() async throws {
        try await withTestAPI { api in
            let f = try await ComputeFixture.make(api)
            let sub = try #require(try await api.ok("createDomain", ["name": "sub"]).object("domain")["id"] as? String)
            let manager = try await ComputeFixture.account(api, "manager", type: 2, domainId: f.rootDomain)
            _ = try await ComputeFixture.account(api, "peer", type: 2, domainId: f.rootDomain)
            _ = try await ComputeFixture.account(api, "lower", type: 2, domainId: sub)
            _ = try await ComputeFixture.account(api, "staff", type: 0, domainId: f.rootDomain)

            // Its own user's keys, a user of its domain and a domain administrator below it: yes.
            for name in ["manager", "staff", "lower"] {
                let reply = try await manager.call("getUserKeys", ["id": try await Self.userId(api, of: name)])
                #expect(reply.status == 200, "\(name): \(reply.raw)")
            }
            // A domain administrator of its own domain: no.
            let peer = try await manager.call("getUserKeys", ["id": try await Self.userId(api, of: "peer")])
            #expect(peer.status == 531, "\(peer.raw)")

            // It may create domain administrators below its domain, not beside itself.
            func create(_ name: String, type: Int, in domain: String) async throws -> TestAPI.Reply {
                try await manager.call("createAccount", [
                    "username": name, "password": "secret-\(name)", "firstname": name, "lastname": "test",
                    "email": "\(name)@example.org", "accounttype": String(type), "domainid": domain,
                ])
            }
            #expect(try await create("sub-admin", type: 2, in: sub).status == 200)
            #expect(try await create("twin", type: 2, in: f.rootDomain).status == 531)
            #expect(try await create("usurper", type: 1, in: sub).status == 531)
            #expect(try await create("worker", type: 0, in: f.rootDomain).status == 200)
        }
    }

    @Test func rootOnlyParametersAreRefusedToDomainAdmins() async throws {
        try await withTestAPI { api in
            let f = try await ComputeFixture.make(api)
            let manager = try await ComputeFixture.account(api, "manager", type: 2, domainId: f.rootDomain)
            let network = ["name": "n", "displaytext": "n", "zoneid": f.zone, "networkofferingid": ResourceID.make()]
            for (command, params, parameter) in [
                ("createNetwork", network.merging(["vlan": "200"]) { $1 }, "vlan"),
                ("createNetwork", network.merging(["bypassvlanoverlapcheck": "true"]) { $1 }, "bypassvlanoverlapcheck"),
                ("registerTemplate", ["name": "t", "url": "https://images.example.org/t.qcow2", "zoneid": "-1", "format": "qcow2",
                                      "hypervisor": "kvm", "isfeatured": "true"], "isfeatured"),
                ("registerIso", ["name": "i", "url": "https://images.example.org/i.iso", "zoneid": "-1", "isfeatured": "true"], "isfeatured"),
                ("updateTemplatePermissions", ["id": f.template.id, "isfeatured": "true"], "isfeatured"),
                ("listVirtualMachines", ["hostid": f.host], "hostid"),
            ] as [(String, [String: String], String)] {
                let reply = try await manager.call(command, params)
                #expect(reply.status == 531, "\(command) with \(parameter): \(reply.raw)")
                #expect(reply.errorText.contains("Parameter \(parameter) can only be specified by a root administrator"), "\(reply.raw)")
            }
            #expect(try await api.cloud.db.read.count(Tables.network, []) == 1, "only the fixture's network")

            // listApis leaves them out for a domain administrator and shows them to the root administrator.
            func createNetworkParameters(_ caller: TestAPI) async throws -> Set<String> {
                let apis = try await caller.ok("listApis", ["name": "createNetwork"]).list("api")
                return Set((apis.first?["params"] as? [[String: Any]] ?? []).compactMap { $0["name"] as? String })
            }
            let forManager = try await createNetworkParameters(manager)
            #expect(!forManager.contains("vlan") && forManager.contains("acltype"))
            #expect(try await createNetworkParameters(api).contains("vlan"))
        }
    }

    @Test func aDeploymentUsesOnlyOfferingsOfItsDomain() async throws {
        try await withTestAPI { api in
            let f = try await ComputeFixture.make(api)
            let a = try #require(try await api.ok("createDomain", ["name": "a"]).object("domain")["id"] as? String)
            let b = try #require(try await api.ok("createDomain", ["name": "b"]).object("domain")["id"] as? String)
            let owner = try await ComputeFixture.account(api, "owner", type: 2, domainId: a)
            try await api.ok("updateZone", ["id": f.zone, "allocationstate": "Enabled"])
            func offering(_ limits: [String: String]) async throws -> String {
                let name = "so-\(ResourceID.make().prefix(6))"
                let made = try await api.ok("createServiceOffering", [
                    "name": name, "displaytext": name, "cpunumber": "1", "cpuspeed": "500", "memory": "256",
                ].merging(limits) { $1 })
                return try #require(made.object("serviceoffering")["id"] as? String)
            }
            let other = try await api.ok("createZone", ["name": "other", "dns1": "198.18.0.1", "internaldns1": "198.18.0.2", "networktype": "Advanced"])
            let otherZone = try #require(other.object("zone")["id"] as? String)
            for id in [try await offering(["domainid": b]), try await offering(["zoneid": otherZone])] {
                let reply = try await owner.call("deployVirtualMachine", ["zoneid": f.zone, "serviceofferingid": id, "templateid": f.template.id])
                #expect(reply.status == 431, "\(reply.raw)")
                #expect(reply.errorText.contains("Invalid parameter serviceofferingid value=\(id)"), "\(reply.raw)")
            }
            // Its own domain's offering passes that check (and fails later: the template is not in the zone's store).
            let own = try await offering(["domainid": a])
            let reply = try await owner.call("deployVirtualMachine", ["zoneid": f.zone, "serviceofferingid": own, "templateid": f.template.id])
            #expect(!reply.errorText.contains("serviceofferingid"), "\(reply.raw)")
            #expect(try await api.cloud.db.read.count(Tables.vmInstance, []) == 0)
        }
    }
}
