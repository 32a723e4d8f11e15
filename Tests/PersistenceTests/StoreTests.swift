import DomainModel
import Foundation
import Logging
@testable import Persistence
import Testing

@Suite("Store")
struct StoreTests {
    func withDatabase(_ body: (Database) async throws -> Void) async throws {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let db = try await Database.inMemory(logger: logger)
        do {
            try await body(db)
        } catch {
            await db.close()
            throw error
        }
        await db.close()
    }

    func zone(_ name: String) -> Zone {
        Zone(id: ResourceID.make(), name: name, networkType: .advanced, dns1: "198.18.0.1", internalDns1: "198.18.0.1")
    }

    @Test func readsSeeEveryCommittedWriteDespiteTheCache() async throws {
        try await withDatabase { db in
            #expect(try await db.read.first(Tables.zone, [.equals("name", "a")]) == nil)
            #expect(try await db.read.page(Tables.zone, [], page: PageRequest(page: 1, size: 10)).total == 0)
            let a = zone("a")
            try await db.transaction { try await $0.insert(a, into: Tables.zone) }
            #expect(try await db.read.first(Tables.zone, [.equals("name", "a")])?.id == a.id)
            #expect(try await db.read.page(Tables.zone, [], page: PageRequest(page: 1, size: 10)).total == 1)
            var changed = a
            changed.name = "b"
            let renamed = changed
            try await db.transaction { try await $0.update(renamed, in: Tables.zone, id: a.id) }
            #expect(try await db.read.find(Tables.zone, id: a.id)?.name == "b")
            #expect(try await db.read.first(Tables.zone, [.equals("name", "a")]) == nil)
        }
    }

    @Test func aFailedTransactionChangesNothing() async throws {
        struct Boom: Error {}
        try await withDatabase { db in
            let doomed = zone("x")
            await #expect(throws: Boom.self) {
                try await db.transaction { store in
                    try await store.insert(doomed, into: Tables.zone)
                    throw Boom()
                }
            }
            let remaining = try await db.read.count("zone", [])
            #expect(remaining == 0)
        }
    }

    @Test func updatesWriteNullsForClearedFields() async throws {
        try await withDatabase { db in
            var withDns2 = zone("n")
            withDns2.dns2 = "198.18.0.2"
            let original = withDns2
            try await db.transaction { try await $0.insert(original, into: Tables.zone) }
            var cleared = original
            cleared.dns2 = nil
            let final = cleared
            try await db.transaction { try await $0.update(final, in: Tables.zone, id: final.id) }
            #expect(try await db.read.find(Tables.zone, id: final.id)?.dns2 == nil)
        }
    }

    @Test func compareAndSetLetsOnlyOneWriterWin() async throws {
        try await withDatabase { db in
            let host = Host(id: ResourceID.make(), name: "kvm1", zoneId: "z", ipAddress: "198.18.0.10")
            try await db.transaction { try await $0.insert(host, into: Tables.host) }
            let first = try await db.transaction { store in
                try await store.compareAndSet("host", id: host.id, expected: [("row_version", 0)], set: [("resource_state", "Disabled"), ("row_version", 1)])
            }
            let second = try await db.transaction { store in
                try await store.compareAndSet("host", id: host.id, expected: [("row_version", 0)], set: [("resource_state", "Maintenance"), ("row_version", 1)])
            }
            #expect(first && !second)
            #expect(try await db.read.find(Tables.host, id: host.id)?.resourceState == "Disabled")
        }
    }

    @Test func keywordMatchingTreatsWildcardsLiterally() async throws {
        try await withDatabase { db in
            let zones = ["100% done", "plain", "under_score"].map(zone)
            try await db.transaction { store in
                for z in zones { try await store.insert(z, into: Tables.zone) }
            }
            #expect(try await db.read.all(Tables.zone, [.contains(["name"], "%")]).map(\.name) == ["100% done"])
            #expect(try await db.read.all(Tables.zone, [.contains(["name"], "_")]).map(\.name) == ["under_score"])
            #expect(try await db.read.all(Tables.zone, [.contains(["name"], "PLAIN")]).map(\.name) == ["plain"])
        }
    }

    @Test func columnNamesFollowSnakeCase() {
        #expect(ColumnNames.snakeCase("internalDns1") == "internal_dns1")
        #expect(ColumnNames.snakeCase("ip6Dns2") == "ip6_dns2")
        #expect(ColumnNames.snakeCase("id") == "id")
        #expect(ColumnNames.snakeCase("rowVersion") == "row_version")
    }
}

@Suite("Read cache")
struct ReadCacheTests {
    @Test func entriesLiveUntilTheNextCommit() {
        let cache = ReadCache(capacity: 100)
        let g = cache.generation
        cache.store("v", rows: 1, for: "k", generation: g)
        #expect(cache.value(for: "k", generation: g) as? String == "v")
        cache.invalidate()
        #expect(cache.value(for: "k", generation: cache.generation) == nil)
    }

    @Test func aResultReadBeforeACommitIsNotKept() {
        let cache = ReadCache(capacity: 100)
        let before = cache.generation
        cache.invalidate()
        cache.store("stale", rows: 1, for: "k", generation: before)
        #expect(cache.value(for: "k", generation: cache.generation) == nil)
    }

    @Test func memoryStaysBounded() {
        let cache = ReadCache(capacity: 100)
        let g = cache.generation
        cache.store("big", rows: 11, for: "big", generation: g)
        #expect(cache.value(for: "big", generation: g) == nil, "results over a tenth of the capacity are not kept")
        for i in 0..<15 { cache.store(i, rows: 10, for: "k\(i)", generation: g) }
        #expect(cache.value(for: "k0", generation: g) == nil, "the cache started over when full")
        #expect(cache.value(for: "k14", generation: g) as? Int == 14)
    }
}
