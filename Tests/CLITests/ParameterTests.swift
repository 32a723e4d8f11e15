@testable import CLI
import Testing

@Suite("Parameters")
struct ParameterTests {
    @Test func parsesNameValueWords() throws {
        let parsed = try ParameterParser.parse(["name=My Zone", "dns1=\"8.8.8.8\"", "note='a=b'", "empty="], readFile: { _ in nil })
        #expect(parsed == [.init("name", "My Zone"), .init("dns1", "8.8.8.8"), .init("note", "a=b"), .init("empty", "")])
    }

    @Test func readsValuesFromFiles() throws {
        let parsed = try ParameterParser.parse(["userdata=@/tmp/script"], readFile: { $0 == "/tmp/script" ? "#!/bin/sh\n" : nil })
        #expect(parsed == [.init("userdata", "#!/bin/sh\n")])
        #expect(throws: UsageError.self) { try ParameterParser.parse(["userdata=@/nope"], readFile: { _ in nil }) }
    }

    @Test func refusesWordsWithoutAValue() {
        #expect(throws: UsageError("expected name=value, got zones")) { try ParameterParser.parse(["zones"]) }
        #expect(throws: UsageError("unknown option -x; see cumulo --help")) { try ParameterParser.parse(["-x"]) }
        #expect(throws: UsageError.self) { try ParameterParser.parse(["=value"]) }
    }

    @Test func missingRequiredParametersAreNamed() {
        #expect(throws: UsageError("missing required parameters for createZone: dns1, internaldns1, networktype")) {
            try ParameterValidator.check([.init("name", "z")], for: Fixtures.createZone)
        }
        #expect(throws: UsageError("missing required parameter for createZone: networktype")) {
            try ParameterValidator.check([.init("name", "z"), .init("dns1", "a"), .init("internaldns1", "b"), .init("networktype", " ")], for: Fixtures.createZone)
        }
    }

    @Test func unknownParametersAreNamed() {
        #expect(throws: UsageError("unknown parameter for listZones: zone; see cumulo list zones --help")) {
            try ParameterValidator.check([.init("zone", "x")], for: Fixtures.listZones)
        }
        do {
            try ParameterValidator.check([.init("output", "table")], for: Fixtures.listZones)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("-o/--output"))
        }
    }

    @Test func namesAreCaseInsensitiveAndFilterIsAlwaysAllowed() throws {
        try ParameterValidator.check([.init("NAME", "z"), .init("filter", "id,name")], for: Fixtures.listZones)
        try ParameterValidator.check([.init("Name", "z"), .init("DNS1", "a"), .init("internalDns1", "b"), .init("networktype", "Advanced")], for: Fixtures.createZone)
    }

    @Test func mapEntriesCountAsTheirMapParameter() throws {
        let api = APIEntry(name: "createThing", params: [.init(name: "details", type: "map", required: true)])
        try ParameterValidator.check([.init("details[0].cpu", "2"), .init("details[0].ram", "512")], for: api)
        #expect(throws: UsageError.self) { try ParameterValidator.check([.init("other[0].x", "1")], for: api) }
    }

    @Test func valuesAreCheckedByType() throws {
        try ParameterValidator.check([.init("available", "TRUE"), .init("page", "2"), .init("pagesize", "10")], for: Fixtures.listZones)
        #expect(throws: UsageError(#"available of listZones takes true or false, not "yes""#)) {
            try ParameterValidator.check([.init("available", "yes")], for: Fixtures.listZones)
        }
        #expect(throws: UsageError.self) { try ParameterValidator.check([.init("page", "two")], for: Fixtures.listZones) }
        #expect(throws: UsageError.self) { try ParameterValidator.check([.init("name", String(repeating: "z", count: 256))], for: Fixtures.listZones) }
    }

    @Test func invocationKnowsItsFilter() {
        let invocation = APIInvocation(api: Fixtures.listZones, parameters: [.init("filter", "id, name,"), .init("name", "z")])
        #expect(invocation.filter == ["id", "name"])
        #expect(invocation.pairs.map(\.0) == ["filter", "name"])
        #expect(APIInvocation(api: Fixtures.listZones, parameters: []).filter == [])
    }

    @Test func shellLinesSplitLikeAShell() {
        #expect(LineTokenizer.words(#"create zone name="My Zone" dns1=8.8.8.8"#) == ["create", "zone", "name=My Zone", "dns1=8.8.8.8"])
        #expect(LineTokenizer.words(#"  set password 'it''s'  "#) == ["set", "password", "its"])
        #expect(LineTokenizer.words(#"a\ b "" c"#) == ["a b", "", "c"])
        #expect(LineTokenizer.words("") == [])
    }
}
