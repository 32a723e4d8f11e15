@testable import CLI
import Synchronization
import Testing

@Suite("Shell completion")
struct ShellCompleterTests {
    /// Records which list API was asked for ids.
    final class Calls: Sendable {
        let apis = Mutex<[String]>([])
    }

    static func completer(_ calls: Calls = Calls()) -> ShellCompleter {
        ShellCompleter(catalog: Fixtures.catalog) { list, _ in
            calls.apis.withLock { $0.append(list.name) }
            return list.name == "listZones" ? ["0b7e-zone-a", "0b7f-zone-b", "9c1d-zone-c"] : []
        }
    }

    @Test func completesVerbsAndBuiltIns() {
        let completion = Self.completer().complete("li")
        #expect(completion == .init(word: "li", candidates: ["list"], appendsSpace: true))
        #expect(Self.completer().complete("").candidates.contains("sync"))
        #expect(Self.completer().complete("-o table cr").candidates == ["create"])
    }

    @Test func completesNouns() {
        #expect(Self.completer().complete("list ").candidates == ["pods", "zones"])
        #expect(Self.completer().complete("list z").candidates == ["zones"])
        #expect(Self.completer().complete("api listZ").candidates == ["listZones"])
    }

    @Test func completesParameterNamesWithoutASpace() {
        let completion = Self.completer().complete("list zones na")
        #expect(completion == .init(word: "na", candidates: ["name="], appendsSpace: false))
        #expect(Self.completer().complete("create zone name=a ").candidates == ["dns1=", "domainid=", "filter=", "internaldns1=", "networktype="])
        #expect(Self.completer().complete("listZones pa").candidates == ["page=", "pagesize="])
    }

    @Test func completesIdsFromTheRelatedListAPI() {
        let calls = Calls()
        let completion = Self.completer(calls).complete("deploy virtualmachine zoneid=0b7")
        #expect(completion == .init(word: "0b7", candidates: ["0b7e-zone-a", "0b7f-zone-b"], appendsSpace: true))
        #expect(Self.completer(calls).complete("list pods zoneid=9").candidates == ["9c1d-zone-c"])
        #expect(Self.completer(calls).complete("list zones id=").candidates.count == 3)
        #expect(calls.apis.withLock { $0 } == ["listZones", "listZones", "listZones"])
    }

    @Test func completesBooleans() {
        #expect(Self.completer().complete("deploy virtualmachine startvm=t").candidates == ["true"])
    }

    @Test func findsListAPIsByName() {
        let zoneid = APIEntry.Parameter(name: "zoneid", type: "uuid")
        #expect(IdSource.listAPI(for: zoneid, of: Fixtures.listPods, in: Fixtures.catalog)?.name == "listZones")
        let id = APIEntry.Parameter(name: "id", type: "uuid")
        #expect(IdSource.listAPI(for: id, of: Fixtures.listPods, in: Fixtures.catalog)?.name == "listPods")
        #expect(IdSource.listAPI(for: .init(name: "name"), of: Fixtures.listPods, in: Fixtures.catalog) == nil)
        #expect(IdSource.listAPI(for: .init(name: "templateid", type: "uuid"), of: Fixtures.deployVirtualMachine, in: Fixtures.catalog) == nil)
    }

    @Test func secretLinesStayOutOfHistory() {
        #expect(InteractiveShell.holdsSecret(["set", "secretkey", "x"]))
        #expect(InteractiveShell.holdsSecret(["set", "password", "x"]))
        #expect(InteractiveShell.holdsSecret(["create", "user", "password=x"]))
        #expect(!InteractiveShell.holdsSecret(["set", "url", "x"]))
    }
}
