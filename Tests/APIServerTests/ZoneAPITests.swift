import Foundation
import Testing

@Suite("Zones through the API")
struct ZoneAPITests {
    static let zoneParams = ["name": "Zone1", "networktype": "Advanced", "dns1": "198.18.0.53", "internaldns1": "198.18.0.54"]

    @Test func createListUpdateDelete() async throws {
        try await withTestAPI { api in
            let zone = try await api.ok("createZone", Self.zoneParams).object("zone")
            #expect(zone["name"] as? String == "Zone1")
            #expect(zone["allocationstate"] as? String == "Disabled")
            let id = try #require(zone["id"] as? String)

            let listed = try await api.ok("listZones", ["id": id])
            #expect(listed["count"] as? Int == 1)
            #expect(listed.list("zone").first?["networktype"] as? String == "Advanced")

            let updated = try await api.ok("updateZone", ["id": id, "allocationstate": "Enabled"]).object("zone")
            #expect(updated["allocationstate"] as? String == "Enabled")

            let deleted = try await api.ok("deleteZone", ["id": id])
            #expect(deleted["success"] as? Bool == true)
            let empty = try await api.ok("listZones")
            #expect(empty.raw == #"{"listzonesresponse":{}}"#)
        }
    }

    @Test func badInputChangesNothing() async throws {
        try await withTestAPI { api in
            var missing = Self.zoneParams
            missing["name"] = nil
            let reply = try await api.call("createZone", missing)
            #expect(reply.status == 431)
            #expect(reply.errorText.contains("missing parameter name"))

            var badType = Self.zoneParams
            badType["networktype"] = "Fancy"
            #expect(try await api.call("createZone", badType).status == 431)

            var badDns = Self.zoneParams
            badDns["dns1"] = "not-an-address"
            #expect(try await api.call("createZone", badDns).status == 431)

            var tooLong = Self.zoneParams
            tooLong["name"] = String(repeating: "x", count: 256)
            #expect(try await api.call("createZone", tooLong).status == 431)

            #expect(try await api.ok("listZones").raw == #"{"listzonesresponse":{}}"#)

            try await api.ok("createZone", Self.zoneParams)
            let duplicate = try await api.call("createZone", Self.zoneParams)
            #expect(duplicate.status == 431)
            #expect(try await api.ok("listZones")["count"] as? Int == 1)

            let unknown = try await api.call("deleteZone", ["id": UUID().uuidString.lowercased()])
            #expect(unknown.status == 431)
        }
    }

    @Test func sqlMetacharactersAreStoredVerbatim() async throws {
        try await withTestAPI { api in
            var params = Self.zoneParams
            params["name"] = "x'); DROP TABLE zone;--"
            try await api.ok("createZone", params)
            let listed = try await api.ok("listZones", ["name": params["name"]!])
            #expect(listed.list("zone").first?["name"] as? String == params["name"])
            let byKeyword = try await api.ok("listZones", ["keyword": "%"])
            #expect(byKeyword.list("zone").isEmpty)
        }
    }
}
