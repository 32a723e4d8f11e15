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
            #expect(try await db.read.first(Tables.zone, [.equals(.name, "a")]) == nil)
            #expect(try await db.read.page(Tables.zone, [], page: PageRequest(page: 1, size: 10)).total == 0)
            let a = zone("a")
            try await db.transaction { try await $0.insert(a, into: Tables.zone) }
            #expect(try await db.read.first(Tables.zone, [.equals(.name, "a")])?.id == a.id)
            #expect(try await db.read.page(Tables.zone, [], page: PageRequest(page: 1, size: 10)).total == 1)
            var changed = a
            changed.name = "b"
            let renamed = changed
            try await db.transaction { try await $0.replace(renamed, in: Tables.zone, id: a.id) }
            #expect(try await db.read.find(Tables.zone, id: a.id)?.name == "b")
            #expect(try await db.read.first(Tables.zone, [.equals(.name, "a")]) == nil)
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
            let remaining = try await db.read.count(Tables.zone, [])
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
            try await db.transaction { try await $0.replace(final, in: Tables.zone, id: final.id) }
            #expect(try await db.read.find(Tables.zone, id: final.id)?.dns2 == nil)
        }
    }

    /// A versioned update of `host` in its own transaction: whether it was written, and the entity after it.
    static func update(_ host: HypervisorHost, in db: Database, _ change: @escaping @Sendable (inout HypervisorHost) -> Void) async throws -> (Bool, HypervisorHost) {
        try await db.transaction { store in
            var copy = host
            let written = try await store.update(&copy, in: Tables.host, change)
            return (written, copy)
        }
    }

    @Test func aVersionedUpdateLetsOnlyOneWriterWin() async throws {
        try await withDatabase { db in
            let host = HypervisorHost(id: ResourceID.make(), name: "kvm1", zoneId: "z", ipAddress: "198.18.0.10")
            try await db.transaction { try await $0.insert(host, into: Tables.host) }
            let (first, mine) = try await Self.update(host, in: db) { $0.resourceState = .disabled }
            let (second, theirs) = try await Self.update(host, in: db) { $0.resourceState = .maintenance }
            #expect(first && !second)
            #expect(mine.rowVersion == 1 && mine.resourceState == .disabled)
            #expect(theirs == host, "the loser keeps the entity it had")
            let stored = try await db.read.find(Tables.host, id: host.id)
            #expect(stored?.resourceState == .disabled && stored?.rowVersion == 1)
        }
    }

    @Test func aVersionedUpdateWritesOnlyTheColumnsItChanged() async throws {
        try await withDatabase { db in
            let host = HypervisorHost(id: ResourceID.make(), name: "kvm1", zoneId: "z", ipAddress: "198.18.0.10")
            try await db.transaction { try await $0.insert(host, into: Tables.host) }
            // Another writer sets a column without a version check; the versioned writer's stale copy of
            // that column must not overwrite it, and its own change must still see the version it bumped.
            _ = try await db.transaction { try await $0.overwrite(Tables.host, id: host.id, set: [.set(.lastPinged, Date(timeIntervalSince1970: 1000))]) }
            let (lost, _) = try await Self.update(host, in: db) { $0.name = "kvm2" }
            #expect(!lost, "the unchecked write bumped the version")
            let fresh = try #require(try await db.read.find(Tables.host, id: host.id))
            #expect(fresh.rowVersion == 1)
            let (won, _) = try await Self.update(fresh, in: db) { $0.name = "kvm2" }
            #expect(won)
            let stored = try #require(try await db.read.find(Tables.host, id: host.id))
            #expect(stored.name == "kvm2" && stored.lastPinged == Date(timeIntervalSince1970: 1000) && stored.rowVersion == 2)
        }
    }

    @Test func changedColumnsAreFoundByValue() {
        let host = HypervisorHost(id: "h", name: "kvm1", zoneId: "z", ipAddress: "198.18.0.10", created: Date(timeIntervalSince1970: 5))
        var next = host
        #expect(Store.changedColumns(from: host, to: next).isEmpty)
        next.podId = "p"
        next.status = .up
        next.created = Date(timeIntervalSince1970: 5.001)
        next.cpuSpeed = 2400
        #expect(Store.changedColumns(from: host, to: next) == ["pod_id", "status", "created", "cpu_speed"])
        #expect(Store.changedColumns(from: next, to: host) == ["pod_id", "status", "created", "cpu_speed"])
    }

    @Test func anUnchangedEntityWritesNothing() async throws {
        try await withDatabase { db in
            let host = HypervisorHost(id: ResourceID.make(), name: "kvm1", zoneId: "z", ipAddress: "198.18.0.10")
            try await db.transaction { try await $0.insert(host, into: Tables.host) }
            let (written, same) = try await Self.update(host, in: db) { $0.name = "kvm1" }
            #expect(written && same.rowVersion == 0)
            #expect(try await db.read.find(Tables.host, id: host.id)?.rowVersion == 0)
        }
    }

    @Test func aConditionalUpdateHoldsOnlyWhileItsConditionDoes() async throws {
        try await withDatabase { db in
            let pool = StoragePool(id: ResourceID.make(), name: "p", zoneId: "z", scope: "ZONE", poolType: "NetworkFilesystem",
                                   host: "198.18.0.5", path: "/p", url: "nfs://198.18.0.5/p", state: .up)
            try await db.transaction { try await $0.insert(pool, into: Tables.storagePool) }
            let whileUp = try await db.transaction {
                try await $0.update(Tables.storagePool, id: pool.id, where: [.equals(.state, .up)], set: [.set(.usedBytes, 5)])
            }
            _ = try await db.transaction { try await $0.overwrite(Tables.storagePool, id: pool.id, set: [.set(.state, .maintenance)]) }
            let afterwards = try await db.transaction {
                try await $0.update(Tables.storagePool, id: pool.id, where: [.equals(.state, .up)], set: [.set(.usedBytes, 9)])
            }
            #expect(whileUp && !afterwards)
            let stored = try await db.read.find(Tables.storagePool, id: pool.id)
            #expect(stored?.usedBytes == 5 && stored?.state == .maintenance)
        }
    }

    @Test func aPageBeyondAnyEndIsEmptyAndNeverTraps() async throws {
        try await withDatabase { db in
            try await db.transaction { try await $0.insert(zone("a"), into: Tables.zone) }
            for number in [Int.max, Int.max / 2, Int.min, -1, 0] {
                let (items, total) = try await db.read.page(Tables.zone, [], page: PageRequest(page: number, size: 2))
                #expect(total == 1, "page \(number)")
                #expect(items.count == (number <= 1 ? 1 : 0), "page \(number)")
            }
        }
    }

    @Test func keywordMatchingTreatsWildcardsLiterally() async throws {
        try await withDatabase { db in
            let zones = ["100% done", "plain", "under_score"].map(zone)
            try await db.transaction { store in
                for z in zones { try await store.insert(z, into: Tables.zone) }
            }
            #expect(try await db.read.all(Tables.zone, [.contains("%", in: .name)]).map(\.name) == ["100% done"])
            #expect(try await db.read.all(Tables.zone, [.contains("_", in: .name)]).map(\.name) == ["under_score"])
            #expect(try await db.read.all(Tables.zone, [.contains("PLAIN", in: .name)]).map(\.name) == ["plain"])
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
