import DomainModel
import Foundation
import Persistence
import Testing

/// A VM deployed with startvm=false needs no host: the API glue around the deployment workflow — the
/// async-create answer, the job result, the records it leaves — can be followed without an agent.
@Suite("A stopped deployment through the API")
struct StoppedDeploymentAPITests {
    @Test func deployUpdateDestroyRecoverAndExpunge() async throws {
        try await withTestAPI { api in
            let seeded = try await NetworkingAPITests.seed(api)
            try await api.ok("updateZone", ["id": seeded.zone, "allocationstate": "Enabled"])
            var networkParams = NetworkingAPITests.sharedNet
            networkParams["zoneid"] = seeded.zone
            networkParams["networkofferingid"] = try await NetworkingAPITests.offering(api, "DefaultSharedNetworkOffering")
            let read = api.cloud.db.read
            let admin = try #require(try await read.first(Tables.account, [.equals(.name, "admin")]))
            networkParams["acltype"] = "Domain"
            networkParams["domainid"] = admin.domainId
            let network = try #require(try await api.ok("createNetwork", networkParams).object("network")["id"] as? String)
            let offering = try #require(try await read.first(Tables.serviceOffering, [.equals(.name, "Small Instance")]))
            let osType = try #require(try await read.first(Tables.osType, []))
            let template = Template(
                id: ResourceID.make(), name: "tiny-linux", displayText: "Tiny Linux", isIso: false, format: "QCOW2", hypervisor: "KVM",
                osTypeId: osType.id, accountId: admin.id, domainId: admin.domainId, isPublic: true, url: "http://198.18.0.9/tiny.qcow2")
            var ready = TemplateStoreRef(id: ResourceID.make(), templateId: template.id, zoneId: seeded.zone, storeId: ResourceID.make(), downloadState: .downloaded)
            ready.size = 2 << 30
            ready.installPath = "template/tmpl/\(template.id).qcow2"
            let copy = ready
            try await api.cloud.db.transaction { store in
                try await store.insert(template, into: Tables.template)
                try await store.insert(copy, into: Tables.templateStoreRef)
            }
            let alice = try await api.asNewUser("alice")

            let submitted = try await alice.ok("deployVirtualMachine", [
                "zoneid": seeded.zone, "serviceofferingid": offering.id, "templateid": template.id, "startvm": "false",
                "name": "web-1", "displayname": "Web server", "networkids": network, "ipaddress": "198.18.10.50",
                "details[0].cpuOvercommitRatio": "2", "userdata": "I2Nsb3VkLWNvbmZpZwo=",
            ])
            #expect(submitted.root == "deployvirtualmachineresponse")
            let vmId = try #require(submitted["id"] as? String, "an async-create answer carries the new VM's id")
            #expect(submitted["jobid"] is String)
            let done = try await NetworkingAPITests.finish(alice, submitted)
            #expect(done["jobstatus"] as? Int == 1, "\(done.raw)")
            #expect(done["jobinstancetype"] as? String == "VirtualMachine")
            #expect(done["jobinstanceid"] as? String == vmId)
            let vm = NetworkingAPITests.jobObject(done, "virtualmachine")
            SchemaCheck.check(done["jobresult"] as? [String: Any] ?? [:], against: .object(.virtualMachine), command: "deployVirtualMachine")
            #expect(vm["id"] as? String == vmId)
            #expect(vm["name"] as? String == "web-1")
            #expect(vm["displayname"] as? String == "Web server")
            #expect(vm["state"] as? String == "Stopped")
            #expect(vm["account"] as? String == "alice")
            #expect(vm["templateid"] as? String == template.id)
            #expect((vm["details"] as? [String: Any])?["cpuOvercommitRatio"] as? String == "2")
            #expect(vm["userdata"] == nil)
            let nics = vm["nic"] as? [[String: Any]] ?? []
            #expect(nics.count == 1)
            #expect(nics.first?["ipaddress"] as? String == "198.18.10.50")
            #expect(nics.first?["networkid"] as? String == network)
            #expect(nics.first?["isdefault"] as? Bool == true)
            #expect(nics.first?["type"] as? String == "Shared")

            let volumes = try await alice.ok("listVolumes", ["virtualmachineid": vmId]).list("volume")
            #expect(volumes.count == 1)
            #expect(volumes.first?["type"] as? String == "ROOT")
            #expect(volumes.first?["vmname"] as? String == "web-1")

            // Without a host, a start fails on the cloud's side: the user's job result reads CloudStack's general
            // text, as a synchronous answer would; the root administrator's reads the reason.
            let userStart = try await alice.job("startVirtualMachine", ["id": vmId])
            let userResult = userStart["jobresult"] as? [String: Any] ?? [:]
            #expect(userStart["jobstatus"] as? Int == 2, "\(userStart.raw)")
            #expect(userResult["errortext"] as? String == "Internal error executing command, please contact your system administrator",
                    "\(userStart.raw)")
            let adminStart = try await api.job("startVirtualMachine", ["id": vmId])
            let adminText = (adminStart["jobresult"] as? [String: Any])?["errortext"] as? String ?? ""
            #expect(adminStart["jobstatus"] as? Int == 2 && !adminText.contains("contact your system administrator"), "\(adminStart.raw)")
            #expect(userResult["errorcode"] as? Int == (adminStart["jobresult"] as? [String: Any])?["errorcode"] as? Int)

            let listed = try await alice.ok("listVirtualMachines").list("virtualmachine")
            #expect(listed.map { $0["id"] as? String } == [vmId])
            #expect(try await api.ok("listVirtualMachines").list("virtualmachine").isEmpty, "not the admin's own VM")

            let updated = try await alice.ok("updateVirtualMachine", ["id": vmId, "displayname": "Web server 2", "group": "frontend"])
            #expect(updated.root == "updatevirtualmachineresponse")
            #expect(updated.object("virtualmachine")["displayname"] as? String == "Web server 2")
            #expect(updated.object("virtualmachine")["group"] as? String == "frontend")

            // A data disk: recorded before the answer, then attached, detached and deleted.
            let medium = try #require(try await read.first(Tables.diskOffering, [.equals(.name, "Medium")]))
            let created = try await alice.ok("createVolume", ["name": "data-1", "zoneid": seeded.zone, "diskofferingid": medium.id])
            let volumeId = try #require(created["id"] as? String)
            let createdJob = try await NetworkingAPITests.finish(alice, created)
            #expect(createdJob["jobstatus"] as? Int == 1, "\(createdJob.raw)")
            #expect(createdJob["jobinstancetype"] as? String == "Volume")
            #expect(NetworkingAPITests.jobObject(createdJob, "volume")["id"] as? String == volumeId)
            #expect(NetworkingAPITests.jobObject(createdJob, "volume")["size"] as? Int == 20 << 30)
            let attached = try await alice.job("attachVolume", ["id": volumeId, "virtualmachineid": vmId])
            #expect(attached["jobstatus"] as? Int == 1, "\(attached.raw)")
            #expect(NetworkingAPITests.jobObject(attached, "volume")["virtualmachineid"] as? String == vmId)
            #expect(try await alice.ok("listVolumes", ["virtualmachineid": vmId])["count"] as? Int == 2)
            let detached = try await alice.job("detachVolume", ["id": volumeId])
            #expect(detached["jobstatus"] as? Int == 1, "\(detached.raw)")
            #expect(NetworkingAPITests.jobObject(detached, "volume")["virtualmachineid"] == nil)
            #expect(try await alice.ok("deleteVolume", ["id": volumeId])["success"] as? Bool == true)
            let deleted = try await api.cloud.db.read.find(Tables.volume, id: volumeId)
            #expect(deleted?.state != .ready && deleted?.state != .allocated, "a deleted volume is no longer usable")

            let destroyed = try await alice.job("destroyVirtualMachine", ["id": vmId])
            #expect(destroyed["jobstatus"] as? Int == 1, "\(destroyed.raw)")
            #expect(NetworkingAPITests.jobObject(destroyed, "virtualmachine")["state"] as? String == "Destroyed")

            let recovered = try await api.ok("recoverVirtualMachine", ["id": vmId])
            #expect(recovered.root == "recovervirtualmachineresponse")
            #expect(recovered.object("virtualmachine")["state"] as? String == "Stopped")

            let expunged = try await alice.job("destroyVirtualMachine", ["id": vmId, "expunge": "true"])
            #expect(expunged["jobstatus"] as? Int == 1, "\(expunged.raw)")
            #expect(try await alice.ok("listVirtualMachines").raw == #"{"listvirtualmachinesresponse":{}}"#)
            #expect(try await alice.call("startVirtualMachine", ["id": vmId]).status == 431, "an expunged VM is unknown")
        }
    }
}
