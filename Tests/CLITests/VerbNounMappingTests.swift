@testable import CLI
import Foundation
import Testing

@Suite("Verb and noun mapping")
struct VerbNounMappingTests {
    @Test func splitsLikeCmk() {
        #expect(VerbNoun.split("listZones") == ("list", "zones"))
        #expect(VerbNoun.split("deployVirtualMachine") == ("deploy", "virtualmachine"))
        #expect(VerbNoun.split("queryAsyncJobResult") == ("query", "asyncjobresult"))
        #expect(VerbNoun.split("login") == ("login", ""))
        #expect(VerbNoun.split("listHostsMetrics") == ("list", "hostsmetrics"))
    }

    @Test func resolvesVerbAndNoun() throws {
        let (api, rest) = try CommandResolver.resolve(["list", "zones", "name=a"], in: Fixtures.catalog)
        #expect(api.name == "listZones")
        #expect(rest == ["name=a"])
        #expect(try CommandResolver.resolve(["deploy", "virtualmachine"], in: Fixtures.catalog).api.name == "deployVirtualMachine")
        #expect(try CommandResolver.resolve(["create", "zone", "name=x"], in: Fixtures.catalog).arguments == ["name=x"])
        #expect(try CommandResolver.resolve(["List", "Zones"], in: Fixtures.catalog).api.name == "listZones")
    }

    @Test func resolvesRawNames() throws {
        #expect(try CommandResolver.resolve(["api", "listZones", "id=1"], in: Fixtures.catalog).arguments == ["id=1"])
        #expect(try CommandResolver.resolve(["listZones", "id=1"], in: Fixtures.catalog).arguments == ["id=1"])
        #expect(try CommandResolver.resolve(["listzones"], in: Fixtures.catalog).api.name == "listZones")
        #expect(try CommandResolver.resolve(["login", "username=a"], in: Fixtures.catalog).api.name == "login")
        #expect(try CommandResolver.resolve(["query", "asyncjobresult", "jobid=j"], in: Fixtures.catalog).api.name == "queryAsyncJobResult")
    }

    @Test func unknownCommandsNameWhatWasWrong() {
        #expect(throws: UsageError.self) { try CommandResolver.resolve(["api", "nope"], in: Fixtures.catalog) }
        do {
            _ = try CommandResolver.resolve(["list", "zonez"], in: Fixtures.catalog)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("list has no noun zonez"))
            #expect(error.message.contains("zones"))
            #expect(error.message.contains("pods"))
        }
        do {
            _ = try CommandResolver.resolve(["list", "name=x"], in: Fixtures.catalog)
            Issue.record("expected an error")
        } catch {
            #expect(error.message.contains("list needs a noun"))
        }
        #expect(throws: UsageError.self) { try CommandResolver.resolve(["frobnicate"], in: Fixtures.catalog) }
    }

    @Test func builtInCatalogDescribesCumulosOwnCommands() throws {
        let catalog = APICatalog.builtIn
        #expect(catalog.source == .builtIn)
        let createZone = try #require(catalog.api(named: "createZone"))
        #expect(Set(createZone.requiredParameters.map(\.name)) == ["name", "dns1", "internaldns1", "networktype"])
        #expect(catalog.api(named: "createPhysicalNetwork")?.isAsync == true)
        #expect(catalog.verbs.contains("list"))
        #expect(catalog.apis(verb: "list").contains { $0.noun == "zones" })
    }

    @Test func readsAListApisBody() throws {
        let body = #"{"listapisresponse":{"count":1,"api":[{"name":"listZones","isasync":false,"description":"d","params":[{"name":"id","type":"uuid","required":false,"length":255,"description":"i","related":"listZones,createZone"}],"response":[]}]}}"#
        let catalog = try #require(APICatalog(listApisBody: Data(body.utf8)))
        let api = try #require(catalog.api(named: "LISTZONES"))
        #expect(api.params == [.init(name: "id", type: "uuid", description: "i", length: 255, related: ["listZones", "createZone"])])
        #expect(APICatalog(listApisBody: Data("{}".utf8)) == nil)
    }
}
