import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listServiceOfferings, createServiceOffering, updateServiceOffering and deleteServiceOffering.
struct ServiceOfferingHandlers: Sendable {
    let offerings: OfferingService

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        let listing = try await OfferingListing.start(ctx)
        try listing.refuseUnknown("virtualmachineid", "templateid")
        var filters: [Filter<ServiceOffering>] = try listing.stateFilters(.removed, .state) + ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name, .displayText)
        let system = ctx.bool("issystem") ?? false
        if system && !ctx.caller.isRootAdmin { throw APIError.invalidParameter("Only ROOT admins can access system offerings") }
        filters.append(.equals(.isSystem, system))
        if let type = ctx.string("systemvmtype"), !type.isEmpty { filters.append(.equals(.systemVmType, type.lowercased())) }
        if let type = ctx.string("storagetype"), !type.isEmpty { filters.append(.equals(.storageType, type.lowercased())) }
        if let encrypt = ctx.bool("encryptroot") { filters.append(.equals(.encryptRoot, encrypt)) }
        let (cpuNumber, memory, cpuSpeed) = (try ctx.int("cpunumber"), try ctx.int("memory"), try ctx.int("cpuspeed"))
        let offerings = try await ctx.reads.all(Tables.serviceOffering, filters)
            .filter { listing.visible($0.domainIds) && listing.matches(domainIds: $0.domainIds, zoneIds: $0.zoneIds) }
            .filter { $0.holds(cpuNumber: cpuNumber, memory: memory, cpuSpeed: cpuSpeed) }
            .sorted { ($0.sortKey, $0.created, $0.id) < ($1.sortKey, $1.created, $1.id) }
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for offering in try listing.page(offerings) { items.append(try await offering.apiObject(names)) }
        return .list(objectName: "serviceoffering", items: items, count: offerings.count)
    }

    func create(_ ctx: CommandContext) async throws -> APIResponse {
        var r = ServiceOfferingRequest(name: try ctx.required("name"))
        r.displayText = ctx.string("displaytext")
        r.cpuNumber = try ctx.int("cpunumber")
        r.cpuSpeed = try ctx.int("cpuspeed")
        r.memory = try ctx.int("memory")
        r.customized = ctx.bool("customized")
        r.minCpuNumber = try ctx.int("mincpunumber")
        r.maxCpuNumber = try ctx.int("maxcpunumber")
        r.minMemory = try ctx.int("minmemory")
        r.maxMemory = try ctx.int("maxmemory")
        r.storageType = ctx.string("storagetype")
        r.provisioningType = ctx.string("provisioningtype")
        r.offerHa = ctx.bool("offerha") ?? false
        r.limitCpuUse = ctx.bool("limitcpuuse") ?? false
        r.isVolatile = ctx.bool("isvolatile") ?? false
        r.dynamicScalingEnabled = ctx.bool("dynamicscalingenabled") ?? true
        r.encryptRoot = ctx.bool("encryptroot") ?? false
        r.storageTags = ctx.string("tags")
        r.hostTags = ctx.string("hosttags")
        r.domainIds = ctx.list("domainid") ?? []
        r.zoneIds = ctx.list("zoneid") ?? []
        r.isSystem = ctx.bool("issystem") ?? false
        r.systemVmType = ctx.string("systemvmtype")
        r.networkRate = try ctx.int("networkrate")
        r.rootDiskSize = try ctx.int64("rootdisksize")
        r.diskOfferingId = try await ctx.entity("diskofferingid", in: Tables.diskOffering)?.id
        r.diskOfferingStrictness = ctx.bool("diskofferingstrictness") ?? false
        r.bytesReadRate = try ctx.int64("bytesreadrate")
        r.bytesWriteRate = try ctx.int64("byteswriterate")
        r.iopsReadRate = try ctx.int64("iopsreadrate")
        r.iopsWriteRate = try ctx.int64("iopswriterate")
        r.cacheMode = ctx.string("cachemode")
        r.deploymentPlanner = ctx.string("deploymentplanner")
        let offering = try await offerings.createServiceOffering(r, by: ctx.initiator)
        return .object(objectName: "serviceoffering", try await offering.apiObject(NameLookup(reads: ctx.reads)))
    }

    func update(_ ctx: CommandContext) async throws -> APIResponse {
        let offering = try await ctx.requiredEntity("id", in: Tables.serviceOffering)
        var c = ServiceOfferingChanges()
        c.common = try OfferingListing.commonChanges(ctx)
        c.hostTags = ctx.string("hosttags")
        c.storageTags = ctx.string("storagetags")
        let updated = try await offerings.updateServiceOffering(id: offering.id, c, by: ctx.initiator)
        return .object(objectName: "serviceoffering", try await updated.apiObject(NameLookup(reads: ctx.reads)))
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let offering = try await ctx.requiredEntity("id", in: Tables.serviceOffering)
        try await offerings.deleteServiceOffering(id: offering.id, by: ctx.initiator)
        return .success()
    }
}

extension ServiceOfferingHandlers {
    var table: [String: CommandHandler] {
        [
            "listServiceOfferings": list,
            "createServiceOffering": create,
            "updateServiceOffering": update,
            "deleteServiceOffering": delete,
        ]
    }
}

extension ServiceOffering {
    /// Whether a VM of this size can use the offering: a fixed offering must be at least that big,
    /// a customized one must allow it (unbounded parts allow anything).
    func holds(cpuNumber: Int?, memory: Int?, cpuSpeed: Int?) -> Bool {
        func fits(_ wanted: Int?, _ capacity: Int?) -> Bool {
            guard let wanted else { return true }
            return capacity.map { $0 >= wanted } ?? true
        }
        return fits(cpuNumber, isCustomized ? maxCpuNumber : self.cpuNumber)
            && fits(memory, isCustomized ? maxMemory : self.memory)
            && fits(cpuSpeed, self.cpuSpeed)
    }
}
