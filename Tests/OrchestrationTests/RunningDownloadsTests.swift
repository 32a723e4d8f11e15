import DomainModel
@testable import Orchestration
import Synchronization
import Testing

@Suite("Running downloads")
struct RunningDownloadsTests {
    static func ref(_ id: String, zone: String) -> TemplateStoreRef {
        TemplateStoreRef(id: id, templateId: "t-\(id)", zoneId: zone, storeId: "s-\(zone)")
    }

    @Test func slotsAreCountedPerZoneAndNeverTwicePerReference() {
        let running = RunningDownloads()
        #expect(running.reserve(Self.ref("a", zone: "z1"), limit: 2))
        #expect(!running.reserve(Self.ref("a", zone: "z1"), limit: 2))
        #expect(running.reserve(Self.ref("b", zone: "z1"), limit: 2))
        #expect(!running.reserve(Self.ref("c", zone: "z1"), limit: 2))
        #expect(running.reserve(Self.ref("d", zone: "z2"), limit: 2))
    }

    @Test func aSlotIsFreedWhenTheWorkEnds() async {
        let running = RunningDownloads()
        #expect(running.reserve(Self.ref("a", zone: "z1"), limit: 1))
        await running.run("a") {}
        #expect(running.reserve(Self.ref("b", zone: "z1"), limit: 1))
    }

    @Test func stopCancelsTheWorkAndWaitsForItsEnd() async {
        let running = RunningDownloads()
        let ended = Note()
        let (started, start) = AsyncStream<Void>.makeStream()
        #expect(running.reserve(Self.ref("a", zone: "z1"), limit: 1))
        await withTaskGroup(of: Void.self) { group in
            group.addTask {
                await running.run("a") {
                    start.yield()
                    do {
                        try await Task.sleep(for: .seconds(60))
                        ended.write("finished")
                    } catch {
                        ended.write("cancelled")
                    }
                }
            }
            for await _ in started { break }
            await running.stop(["a"])
            #expect(ended.text == "cancelled")
        }
    }

    @Test func stopBeforeTheWorkStartsSkipsIt() async {
        let running = RunningDownloads()
        let ran = Note()
        #expect(running.reserve(Self.ref("a", zone: "z1"), limit: 1))
        async let stopped: Void = running.stop(["a"])
        while !running.isStopping("a") { await Task.yield() }
        await running.run("a") { ran.write("ran") }
        await stopped
        #expect(ran.text == nil)
    }

    @Test func stopOfAnIdleReferenceReturnsAtOnce() async {
        await RunningDownloads().stop(["nothing"])
    }
}

/// What the work under test wrote down, read after it ended.
final class Note: Sendable {
    private let value = Mutex<String?>(nil)
    var text: String? { value.withLock { $0 } }
    func write(_ text: String) { value.withLock { $0 = text } }
}
