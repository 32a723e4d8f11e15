import APIServer
import APIModel
import Foundation
import Testing

@Suite("Envelopes, XML, paging and listApis through the API")
struct EnvelopeAPITests {
    @Test func xmlIsTheDefault() async throws {
        try await withTestAPI { api in
            try await api.ok("createZone", ["name": "Z<&>", "networktype": "Advanced", "dns1": "198.18.0.1", "internaldns1": "198.18.0.1"])
            let reply = try await api.call("listZones", ["response": "xml"])
            #expect(reply.status == 200)
            #expect(reply.raw.hasPrefix(#"<?xml version="1.0" encoding="UTF-8"?><listzonesresponse cloud-stack-version="4.22.0.0"><count>1</count><zone><id>"#))
            #expect(reply.raw.contains("<name>Z&lt;&amp;&gt;</name>"))
            let error = try await api.call("deleteZone", ["response": "xml"])
            #expect(error.status == 431)
            #expect(error.raw.contains("<deletezoneresponse cloud-stack-version=\"4.22.0.0\"><errorcode>431</errorcode><cserrorcode>9999</cserrorcode><errortext>"))
        }
    }

    @Test func pagingCountsTheTotal() async throws {
        try await withTestAPI { api in
            for i in 0..<7 {
                try await api.ok("createZone", ["name": "zone-\(i)", "networktype": "Advanced", "dns1": "198.18.0.1", "internaldns1": "198.18.0.1"])
            }
            let page = try await api.ok("listZones", ["page": "3", "pagesize": "3"])
            #expect(page["count"] as? Int == 7)
            #expect(page.list("zone").map { $0["name"] as? String } == ["zone-6"])
            let past = try await api.ok("listZones", ["page": "4", "pagesize": "3"])
            #expect(past.raw == #"{"listzonesresponse":{"count":7}}"#)
            #expect(try await api.call("listZones", ["pagesize": "501", "page": "1"]).status == 431)
            #expect(try await api.call("listZones", ["page": "1"]).status == 431)
            #expect(try await api.call("listZones", ["pagesize": "3"]).status == 431)
            #expect(try await api.call("listZones", ["pagesize": "x", "page": "1"]).status == 431)
            #expect(try await api.ok("listZones", ["keyword": "ZONE-5"])["count"] as? Int == 1)
        }
    }

    @Test func listApisHasTheShapeCloudmonkeyNeeds() async throws {
        try await withTestAPI { api in
            let reply = try await api.ok("listApis", ["listall": "true"])
            let apis = reply.list("api")
            #expect(reply["count"] as? Int == apis.count)
            #expect(apis.count == Commands.all.count)
            for entry in apis {
                #expect(entry["name"] is String)
                #expect(entry["description"] is String)
                #expect(entry["isasync"] is Bool)
                let params = try #require(entry["params"] as? [[String: Any]])
                for p in params {
                    #expect(p["name"] is String && p["type"] is String && p["description"] is String)
                    #expect(p["required"] is Bool)
                    #expect(p["length"] is Int)
                }
                #expect(entry["response"] is [[String: Any]])
            }
            let one = try await api.ok("listApis", ["name": "listZones"]).list("api")
            #expect(one.count == 1)
            #expect(one.first?["isasync"] as? Bool == false)
            #expect(try await api.call("listApis", ["name": "noSuchApi"]).status == 530)
        }
    }

    @Test func mapParametersAndMalformedKeys() async throws {
        try await withTestAPI { api in
            let malformed = try await api.call("listZones", ["tags[x].key": "a"])
            #expect(malformed.status == 200, "unknown map parameters are ignored")
            #expect(throws: Never.self) { _ = try RequestParameters(pairs: [("details[0].key", "a"), ("details[0].value", "b"), ("details[1].key", "c")]).map("details", command: "x") }
            let groups = try RequestParameters(pairs: [("details[1].key", "c"), ("details[0].key", "a"), ("details[0].value", "b")]).map("details", command: "x")
            #expect(groups == [["key": "a", "value": "b"], ["key": "c"]])
            #expect(throws: APIError.self) { try RequestParameters(pairs: [("details[0][1].key", "a")]).map("details", command: "x") }
            #expect(throws: APIError.self) { try RequestParameters(pairs: [("details[0]key", "a")]).map("details", command: "x") }
        }
    }

    @Test func controlCharactersAreRefused() async throws {
        try await withTestAPI { api in
            let reply = try await api.call("createZone", ["name": "bad\u{07}name", "networktype": "Advanced", "dns1": "198.18.0.1", "internaldns1": "198.18.0.1"])
            #expect(reply.status == 431)
            #expect(reply.errorText.contains("non-printable"))
        }
    }

    @Test func everyDescriptorHasAHandlerAndUniqueName() async throws {
        try await withTestAPI { api in
            let registry = makeCommandRegistry(api.cloud)
            #expect(registry.commands.count == Commands.all.count)
            #expect(Set(Commands.all.map(\.name)).count == Commands.all.count)
            for command in Commands.all {
                #expect(!command.description.isEmpty, "\(command.name) needs a description")
                #expect(command.responseName == command.responseName.lowercased() || command.name == "resetSSHKeyForVirtualMachine")
            }
        }
    }
}


@Suite("Form decoding")
struct FormDecodingTests {
    @Test func decodesPlusPercentAndKeepsMalformedEscapes() {
        let pairs = RequestParameters.decodeForm("a=b+c%2Bd&e=%C3%A9%7E&f=50%&g=%zz&h&=x")
        #expect(pairs.map(\.0) == ["a", "e", "f", "g", "h", ""])
        #expect(pairs.map(\.1) == ["b c+d", "é~", "50%", "%zz", "", "x"])
    }
}
