import APIModel
import DomainModel
import Foundation
import Orchestration
import Persistence

/// Handlers of listDiskOfferings, createDiskOffering, updateDiskOffering and deleteDiskOffering.
struct DiskOfferingHandlers: Sendable {
    let offerings: OfferingService

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        let listing = try await OfferingListing.start(ctx)
        try listing.refuseUnknown("volumeid", "virtualmachineid")
        var filters: [Filter<DiskOffering>] = try listing.stateFilters(.removed, .state)
        filters += ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name, .displayText)
        if !ctx.caller.isAdmin { filters.append(.equals(.displayOffering, true)) }
        if let type = ctx.string("storagetype"), !type.isEmpty { filters.append(.equals(.storageType, type.lowercased())) }
        if let encrypt = ctx.bool("encrypt") { filters.append(.equals(.encrypt, encrypt)) }
        let pool = try await ctx.entity("storageid", in: Tables.storagePool)
        let offerings = try await ctx.reads.all(Tables.diskOffering, filters)
            .filter { listing.visible($0.domainIds) && listing.matches(domainIds: $0.domainIds, zoneIds: $0.zoneIds) }
            .filter { pool.map($0.fits) ?? true }
            .sorted { ($0.sortKey, $0.created, $0.id) < ($1.sortKey, $1.created, $1.id) }
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for offering in try listing.page(offerings) { items.append(try await offering.apiObject(names)) }
        return .list(objectName: "diskoffering", items: items, count: offerings.count)
    }

    func create(_ ctx: CommandContext) async throws -> APIResponse {
        var r = DiskOfferingRequest(name: try ctx.required("name"))
        r.displayText = ctx.string("displaytext")
        r.diskSize = try ctx.int64("disksize")
        r.customized = ctx.bool("customized") ?? false
        r.tags = ctx.string("tags")
        r.storageType = ctx.string("storagetype")
        r.provisioningType = ctx.string("provisioningtype")
        r.domainIds = ctx.list("domainid") ?? []
        r.zoneIds = ctx.list("zoneid") ?? []
        r.displayOffering = ctx.bool("displayoffering") ?? true
        r.customizedIops = ctx.bool("customizediops") ?? false
        r.minIops = try ctx.int64("miniops")
        r.maxIops = try ctx.int64("maxiops")
        r.bytesReadRate = try ctx.int64("bytesreadrate")
        r.bytesWriteRate = try ctx.int64("byteswriterate")
        r.iopsReadRate = try ctx.int64("iopsreadrate")
        r.iopsWriteRate = try ctx.int64("iopswriterate")
        r.cacheMode = ctx.string("cachemode")
        r.diskSizeStrictness = ctx.bool("disksizestrictness") ?? false
        r.encrypt = ctx.bool("encrypt") ?? false
        let offering = try await offerings.createDiskOffering(r, by: ctx.initiator)
        return .object(objectName: "diskoffering", try await offering.apiObject(NameLookup(reads: ctx.reads)))
    }

    func update(_ ctx: CommandContext) async throws -> APIResponse {
        let offering = try await ctx.requiredEntity("id", in: Tables.diskOffering)
        var c = DiskOfferingChanges()
        c.common = try OfferingListing.commonChanges(ctx)
        c.displayOffering = ctx.bool("displayoffering")
        c.tags = ctx.string("tags")
        let updated = try await offerings.updateDiskOffering(id: offering.id, c, by: ctx.initiator)
        return .object(objectName: "diskoffering", try await updated.apiObject(NameLookup(reads: ctx.reads)))
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let offering = try await ctx.requiredEntity("id", in: Tables.diskOffering)
        try await offerings.deleteDiskOffering(id: offering.id, by: ctx.initiator)
        return .success()
    }
}

extension DiskOfferingHandlers {
    var table: [String: CommandHandler] {
        [
            "listDiskOfferings": list,
            "createDiskOffering": create,
            "updateDiskOffering": update,
            "deleteDiskOffering": delete,
        ]
    }
}

extension DiskOffering {
    /// Whether volumes of this offering may be placed on `pool`: the pool is in a zone the offering
    /// is offered in and carries every storage tag the offering asks for.
    func fits(_ pool: StoragePool) -> Bool {
        if let zoneIds, !OfferingListing.ids(zoneIds).contains(pool.zoneId) { return false }
        let poolTags = Set((pool.tags ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) })
        return (tags ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.allSatisfy(poolTags.contains)
    }
}
