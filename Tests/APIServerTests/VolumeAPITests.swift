import DomainModel
import Foundation
import Persistence
import Testing

@Suite("Volume listings, answers and access through the API")
struct VolumeAPITests {
    static func names(_ api: TestAPI, _ params: [String: String] = [:]) async throws -> [String] {
        try await api.ok("listVolumes", params).list("volume").compactMap { $0["name"] as? String }.sorted()
    }

    @Test func listingShowsOnlyWhatTheCallerMaySee() async throws {
        try await withTestAPI { api in
            let f = try await ComputeFixture.make(api)
            let alice = try await api.asNewUser("alice")
            _ = try await api.asNewUser("bob")
            let aliceAccount = try await f.account("alice")
            let aliceVM = f.vm("alice-vm", of: aliceAccount, state: .running, onHost: true)
            let aliceRoot = f.volume("ROOT-alice", of: aliceAccount, type: .root, vm: aliceVM, deviceId: 0)
            let aliceData = f.volume("alice-data", of: aliceAccount)
            let bobData = f.volume("bob-data", of: try await f.account("bob"))
            var removed = f.volume("alice-removed", of: aliceAccount)
            removed.state = .expunged
            removed.removed = Date()
            try await f.insert(vms: [aliceVM], volumes: [aliceRoot, aliceData, bobData, removed])

            let own = try await alice.ok("listVolumes")
            #expect(own.root == "listvolumesresponse")
            #expect(own["count"] as? Int == 2)
            #expect(try await Self.names(alice) == ["ROOT-alice", "alice-data"])
            #expect(try await Self.names(alice, ["listall": "true"]) == ["ROOT-alice", "alice-data"])
            #expect(try await alice.ok("listVolumes", ["id": bobData.id]).raw == #"{"listvolumesresponse":{}}"#)
            #expect(try await Self.names(api) == [])
            #expect(try await Self.names(api, ["listall": "true"]) == ["ROOT-alice", "alice-data", "bob-data"])
            #expect(try await Self.names(api, ["listall": "true", "type": "root"]) == ["ROOT-alice"])
            #expect(try await Self.names(api, ["listall": "true", "type": "DATADISK"]) == ["alice-data", "bob-data"])
            #expect(try await Self.names(api, ["listall": "true", "virtualmachineid": aliceVM.id]) == ["ROOT-alice"])
            #expect(try await Self.names(alice, ["virtualmachineid": ResourceID.make()]).isEmpty)
            #expect(try await Self.names(api, ["listall": "true", "storageid": f.pool.id]).count == 3)
            #expect(try await Self.names(api, ["listall": "true", "state": "ready", "keyword": "bob"]) == ["bob-data"])
            let countOnly = try await api.ok("listVolumes", ["listall": "true", "retrieveonlyresourcecount": "true"])
            #expect(countOnly.raw == #"{"listvolumesresponse":{"count":3}}"#)
            #expect(try await alice.call("listVolumes", ["storageid": f.pool.id]).status == 531)

            // Acting on another account's volume answers like an unknown one, and changes nothing.
            let unknown = ResourceID.make()
            for command in ["deleteVolume", "resizeVolume", "detachVolume"] {
                let extra = command == "resizeVolume" ? ["size": "40"] : [:]
                let hidden = try await alice.call(command, extra.merging(["id": bobData.id]) { $1 })
                let missing = try await alice.call(command, extra.merging(["id": unknown]) { $1 })
                #expect(hidden.status == 431, "\(command): \(hidden.raw)")
                #expect(hidden.errorText.replacingOccurrences(of: bobData.id, with: "ID") == missing.errorText.replacingOccurrences(of: unknown, with: "ID"))
            }
            let attach = try await alice.call("attachVolume", ["id": bobData.id, "virtualmachineid": aliceVM.id])
            #expect(attach.status == 431)
            #expect(try await api.cloud.db.read.find(Tables.volume, id: bobData.id)?.state == .ready)
        }
    }

    @Test func answerCarriesTheVolumesVMPoolAndOfferings() async throws {
        try await withTestAPI { api in
            let f = try await ComputeFixture.make(api)
            let alice = try await api.asNewUser("alice")
            let owner = try await f.account("alice")
            var vm = f.vm("db-1", of: owner, state: .running, onHost: true)
            vm.displayName = "Database"
            let root = f.volume("ROOT-db-1", of: owner, type: .root, vm: vm, deviceId: 0)
            let data = f.volume("db-data", of: owner, vm: vm, deviceId: 1)
            var spare = f.volume("spare", of: owner)
            spare.poolId = nil
            spare.path = nil
            spare.state = .allocated
            try await f.insert(vms: [vm], volumes: [root, data, spare])

            let listed = try await alice.ok("listVolumes").list("volume")
            let byName = Dictionary(uniqueKeysWithValues: listed.map { ($0["name"] as? String ?? "", $0) })
            let rootObject = try #require(byName["ROOT-db-1"])
            #expect(rootObject["id"] as? String == root.id)
            #expect(rootObject["type"] as? String == "ROOT")
            #expect(rootObject["deviceid"] as? Int == 0)
            #expect(rootObject["virtualmachineid"] as? String == vm.id)
            #expect(rootObject["vmname"] as? String == "db-1")
            #expect(rootObject["vmdisplayname"] as? String == "Database")
            #expect(rootObject["vmstate"] as? String == "Running")
            #expect(rootObject["size"] as? Int == 20 << 30)
            #expect(rootObject["state"] as? String == "Ready")
            #expect(rootObject["account"] as? String == "alice")
            #expect(rootObject["domainid"] as? String == f.rootDomain)
            #expect(rootObject["zonename"] as? String == "Zone1")
            #expect(rootObject["storage"] as? String == "primary-1")
            #expect(rootObject["storagetype"] as? String == "shared")
            #expect(rootObject["hypervisor"] as? String == "KVM")
            #expect(rootObject["templateid"] as? String == f.template.id)
            #expect(rootObject["templatename"] as? String == "tiny-linux")
            #expect(rootObject["serviceofferingname"] as? String == "Small Instance")
            #expect(rootObject["destroyed"] as? Bool == false)
            #expect(rootObject["isextractable"] as? Bool == false, "the template is not extractable")
            for hidden in ["storageid", "path", "displayvolume"] {
                #expect(rootObject[hidden] == nil, "\(hidden) is for root administrators")
            }
            let dataObject = try #require(byName["db-data"])
            #expect(dataObject["type"] as? String == "DATADISK")
            #expect(dataObject["deviceid"] as? Int == 1)
            #expect(dataObject["diskofferingid"] as? String == f.diskOffering.id)
            #expect(dataObject["diskofferingname"] as? String == "Medium")
            #expect(dataObject["serviceofferingid"] == nil)
            #expect(dataObject["isextractable"] as? Bool == true)
            let spareObject = try #require(byName["spare"])
            #expect(spareObject["state"] as? String == "Allocated")
            for absent in ["deviceid", "virtualmachineid", "vmname", "storage"] {
                #expect(spareObject[absent] == nil, "\(absent) is left out of a detached volume without a file")
            }
            #expect(spareObject["hypervisor"] as? String == "None")
            #expect((spareObject["tags"] as? [Any])?.isEmpty == true)

            let asAdmin = try #require(try await api.ok("listVolumes", ["id": root.id, "listall": "true"]).list("volume").first)
            #expect(asAdmin["storageid"] as? String == f.pool.id)
            #expect(asAdmin["path"] as? String == root.path)
        }
    }

    @Test func volumeInputIsCheckedBeforeAnythingIsRecorded() async throws {
        try await withTestAPI { api in
            let f = try await ComputeFixture.make(api)
            let jobsBefore = try await api.cloud.db.read.count(Tables.asyncJob, [])
            let noOffering = try await api.call("createVolume", ["zoneid": f.zone, "name": "v"])
            #expect(noOffering.status == 431)
            #expect(noOffering.errorText.contains("diskofferingid"))
            let noZone = try await api.call("createVolume", ["diskofferingid": f.diskOffering.id])
            #expect(noZone.status == 431)
            #expect(noZone.errorText.contains("zoneid"))
            let snapshot = try await api.call("createVolume", ["zoneid": f.zone, "diskofferingid": f.diskOffering.id, "snapshotid": ResourceID.make()])
            #expect(snapshot.status == 431)
            let detach = try await api.call("detachVolume", [:])
            #expect(detach.status == 431)
            let resize = try await api.call("resizeVolume", ["id": ResourceID.make()])
            #expect(resize.status == 431)
            #expect(try await api.cloud.db.read.count(Tables.volume, []) == 0)
            #expect(try await api.cloud.db.read.count(Tables.asyncJob, []) == jobsBefore)
        }
    }
}
