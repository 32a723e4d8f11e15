import APIModel
import Foundation
import Persistence
import Testing

@Suite("Templates and ISOs through the API")
struct ImageAPITests {
    /// A zone with an image store in a fresh local directory; returns the zone id and the directory.
    static func zoneWithStore(_ api: TestAPI, name: String = "Zone1") async throws -> (zone: String, directory: String) {
        let zone = try await InfrastructureAPITests.makeZone(api, name: name)
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-image-tests-\(UUID().uuidString)").path
        try await api.ok("addImageStore", ["zoneid": zone, "provider": "Local", "url": "file://" + directory])
        return (zone, directory)
    }

    static let isoURL = "http://images.example.org/tiny.iso"

    @Test func registerAnswersWithAListPerZoneAndListsShowIt() async throws {
        try await withTestAPI { api in
            let (zone, directory) = try await Self.zoneWithStore(api)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let reply = try await api.ok("registerIso", ["name": "Tiny", "url": Self.isoURL, "zoneid": zone, "checksum": "{SHA-256}" + String(repeating: "a", count: 64)])
            #expect(reply.root == "registerisoresponse")
            #expect(reply["count"] as? Int == 1)
            let iso = try #require(reply.list("iso").first)
            #expect(iso["displaytext"] as? String == "Tiny")
            #expect(iso["isready"] as? Bool == false)
            #expect(iso["status"] as? String == "Processing")
            #expect(iso["zonename"] as? String == "Zone1")
            #expect(iso["bootable"] as? Bool == true)
            #expect(iso["format"] as? String == "ISO")
            #expect(iso["account"] as? String == "admin")
            #expect(iso["ostypename"] as? String == "Other (64-bit)")

            let template = try await api.ok("registerTemplate", ["name": "Disk", "url": "https://images.example.org/d.qcow2", "zoneid": "-1", "format": "qcow2", "hypervisor": "kvm"])
            #expect(template.root == "registertemplateresponse")
            let entry = try #require(template.list("template").first)
            #expect(entry["crossZones"] as? Bool == true)
            #expect(entry["hypervisor"] as? String == "KVM" && entry["format"] as? String == "QCOW2")

            #expect(try await api.ok("listIsos", ["isofilter": "self"])["count"] as? Int == 1)
            #expect(try await api.ok("listTemplates", ["templatefilter": "self"]).list("template").map { $0["name"] as? String } == ["Disk"])
            let empty = try await api.ok("listIsos", ["isofilter": "executable"])
            #expect(empty.body.isEmpty, "nothing is ready yet: \(empty.raw)")
            #expect(try await api.ok("listIsos", ["isofilter": "self", "keyword": "tin"])["count"] as? Int == 1)
            #expect(try await api.ok("listIsos", ["isofilter": "self", "bootable": "false"]).body.isEmpty)
        }
    }

    @Test func badRegistrationsAreRefusedAndChangeNothing() async throws {
        try await withTestAPI { api in
            let (zone, directory) = try await Self.zoneWithStore(api)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let bare = try await InfrastructureAPITests.makeZone(api, name: "NoStore")
            let iso = ["name": "x", "url": Self.isoURL, "zoneid": zone]
            let template = ["name": "x", "url": Self.isoURL, "zoneid": zone, "format": "QCOW2", "hypervisor": "KVM"]
            let refusals: [(String, [String: String], String)] = [
                ("registerIso", iso.merging(["url": "ftp://example.org/x.iso"]) { $1 }, "only http and https"),
                ("registerIso", iso.merging(["url": "http:///x.iso"]) { $1 }, "no host"),
                ("registerIso", iso.merging(["checksum": "{MD4}00"]) { $1 }, "not supported"),
                ("registerIso", iso.merging(["checksum": "1234"]) { $1 }, "32 hex digits"),
                ("registerIso", iso.merging(["zoneid": bare]) { $1 }, "has no image store"),
                ("registerIso", iso.merging(["zoneid": UUID().uuidString.lowercased()]) { $1 }, "zoneid"),
                ("registerIso", iso.merging(["ostypeid": UUID().uuidString.lowercased()]) { $1 }, "ostypeid"),
                ("registerIso", ["url": Self.isoURL, "zoneid": zone], "name"),
                ("registerTemplate", template.merging(["format": "VHD"]) { $1 }, "Format VHD is not supported"),
                ("registerTemplate", template.merging(["hypervisor": "VMware"]) { $1 }, "KVM"),
                ("registerTemplate", template.merging(["isrouting": "true"]) { $1 }, "isrouting"),
                ("registerTemplate", template.merging(["bits": "16"]) { $1 }, "bits"),
                ("listTemplates", ["templatefilter": "mine"], "Invalid templatefilter mine"),
                ("listIsos", ["isofilter": "nope"], "Invalid isofilter"),
                ("extractIso", ["id": UUID().uuidString.lowercased(), "mode": "FTP_UPLOAD"], "HTTP_DOWNLOAD"),
            ]
            for (command, params, text) in refusals {
                let reply = try await api.call(command, params)
                #expect(reply.status == 431, "\(command) \(params): \(reply.raw)")
                #expect(reply.errorText.contains(text), "\(command) \(params): \(reply.errorText)")
            }
            #expect(try await api.cloud.db.read.count(Tables.template, []) == 0)
            #expect(try await api.cloud.db.read.count(Tables.templateStoreRef, []) == 0)
        }
    }

    @Test func usersSeeOnlyTheirOwnPublicAndSharedImages() async throws {
        try await withTestAPI { api in
            let (zone, directory) = try await Self.zoneWithStore(api)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let privateISO = try #require(try await api.ok("registerIso", ["name": "AdminPrivate", "url": Self.isoURL, "zoneid": zone]).list("iso").first?["id"] as? String)
            let publicISO = try #require(try await api.ok("registerIso", ["name": "AdminPublic", "url": Self.isoURL, "zoneid": zone, "ispublic": "true"]).list("iso").first?["id"] as? String)
            let alice = try await api.asNewUser("alice")
            let bob = try await api.asNewUser("bob")
            let own = try #require(try await alice.ok("registerIso", ["name": "AliceOwn", "url": Self.isoURL, "zoneid": zone]).list("iso").first?["id"] as? String)
            #expect(try await alice.call("registerIso", ["name": "F", "url": Self.isoURL, "zoneid": zone, "isfeatured": "true"]).status == 531)

            for filter in ["self", "community", "featured"] {
                let names = try await alice.ok("listIsos", ["isofilter": filter, "listall": "true"]).list("iso").compactMap { $0["name"] as? String }
                #expect(!names.contains("AdminPrivate"), "\(filter): \(names)")
            }
            #expect(try await alice.ok("listIsos", ["isofilter": "community"]).list("iso").map { $0["id"] as? String } == [publicISO])
            #expect(try await alice.ok("listIsos", ["id": privateISO, "isofilter": "self"]).body.isEmpty)
            #expect(try await alice.call("listIsos", ["isofilter": "all"]).status == 431)
            #expect(try await alice.call("updateIso", ["id": privateISO, "name": "Mine"]).status == 431, "another account's private ISO is unknown to the caller")
            #expect(try await alice.call("updateIso", ["id": publicISO, "name": "Mine"]).status == 531, "a public ISO may be seen but not changed")
            #expect(try await alice.call("deleteIso", ["id": privateISO]).status == 431)
            #expect(try await bob.call("updateIsoPermissions", ["id": own, "ispublic": "true"]).status == 431)

            // The owner shares with bob; bob then sees it as shared, alice's other lists do not change.
            try await alice.ok("updateIsoPermissions", ["id": own, "accounts": "bob", "op": "add"])
            #expect(try await bob.ok("listIsos", ["isofilter": "shared"]).list("iso").map { $0["id"] as? String } == [own])
            let permissions = try await alice.ok("listIsoPermissions", ["id": own]).object("templatepermission")
            #expect(permissions["account"] as? [String] == ["bob"])
            try await alice.ok("updateIsoPermissions", ["id": own, "accounts": "bob", "op": "remove"])
            #expect(try await bob.ok("listIsos", ["isofilter": "shared"]).body.isEmpty)

            // Admins see everything with isofilter=all; the ISO is deleted by a job.
            #expect(try await api.ok("listIsos", ["isofilter": "all"])["count"] as? Int == 3)
            let renamed = try await alice.ok("updateIso", ["id": own, "displaytext": "Alice's ISO", "bootable": "false"]).object("iso")
            #expect(renamed["displaytext"] as? String == "Alice's ISO" && renamed["bootable"] as? Bool == false)
            let deleted = try await alice.job("deleteIso", ["id": own])
            #expect(deleted["jobstatus"] as? Int == 1, "\(deleted.raw)")
            #expect(try await api.ok("listIsos", ["isofilter": "all"])["count"] as? Int == 2)
            #expect(try await alice.call("deleteIso", ["id": own]).status == 431)
        }
    }

    @Test func notReadyImagesCannotBeCopiedOrExtracted() async throws {
        try await withTestAPI { api in
            let (zone, directory) = try await Self.zoneWithStore(api)
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let (other, otherDirectory) = try await Self.zoneWithStore(api, name: "Zone2")
            defer { try? FileManager.default.removeItem(atPath: otherDirectory) }
            let id = try #require(try await api.ok("registerTemplate", ["name": "T", "url": Self.isoURL, "zoneid": zone, "format": "RAW", "hypervisor": "KVM", "isextractable": "true"]).list("template").first?["id"] as? String)
            let copy = try await api.job("copyTemplate", ["id": id, "destzoneid": other])
            #expect(copy["jobstatus"] as? Int == 2)
            #expect(((copy["jobresult"] as? [String: Any])?["errortext"] as? String)?.contains("not ready") == true)
            let extract = try await api.job("extractTemplate", ["id": id, "mode": "HTTP_DOWNLOAD"])
            #expect(extract["jobstatus"] as? Int == 2)
            #expect(try await api.call("copyTemplate", ["id": id, "destzoneid": zone, "sourcezoneid": zone]).status == 431)
            #expect(try await api.call("copyTemplate", ["id": id]).status == 431)
            // A store holding images cannot go.
            let store = try #require(try await api.ok("listImageStores", ["zoneid": zone]).list("imagestore").first?["id"] as? String)
            let refused = try await api.call("deleteImageStore", ["id": store])
            #expect(refused.status == 431 && refused.errorText.contains("templates"))
        }
    }
}
