import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listImageStores, addImageStore and deleteImageStore.
struct ImageStoreHandlers: Sendable {
    let inventory: InventoryService
    let images: ImageService

    func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<ImageStore>] = ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name)
        if let zoneId = ctx.string("zoneid"), !zoneId.isEmpty { filters.append(.equals(.zoneId, zoneId)) }
        if let value = ctx.string("protocol"), !value.isEmpty { filters.append(.equals(.protocolName, value.lowercased())) }
        if let value = ctx.string("provider"), !value.isEmpty {
            filters.append(.equals(.provider, ["NFS", "Local", "SharedMountPoint"].first { $0.lowercased() == value.lowercased() } ?? value))
        }
        if let readOnly = ctx.bool("readonly") { filters.append(.equals(.readOnly, readOnly)) }
        let (stores, total) = try await ctx.reads.page(Tables.imageStore, filters, page: try ctx.page)
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for store in stores { items.append(try await store.apiObject(names)) }
        return .list(objectName: "imagestore", items: items, count: total)
    }

    func add(_ ctx: CommandContext) async throws -> APIResponse {
        let zone = try await ctx.entity("zoneid", in: Tables.zone)
        var spec = ImageStoreSpec(provider: try ctx.required("provider"))
        spec.name = ctx.string("name")
        spec.url = ctx.string("url")
        spec.zoneId = zone?.id
        for entry in try ctx.params.map("details", command: ctx.descriptor.name) {
            let fields = Dictionary(entry.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last })
            guard let key = fields["key"], !key.isEmpty, let value = fields["value"] else {
                throw APIError.invalidParameter("Each details entry needs a key and a value: details[i].key=…&details[i].value=…")
            }
            spec.details[key] = value
        }
        let store = try await inventory.addImageStore(spec, by: ctx.initiator)
        return .object(objectName: "imagestore", try await store.apiObject(NameLookup(reads: ctx.reads)))
    }

    func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let store = try await ctx.requiredEntity("id", in: Tables.imageStore)
        try await inventory.deleteImageStore(id: store.id, by: ctx.initiator)
        await images.stores.forget(storeId: store.id)
        return .success()
    }
}

extension ImageStoreHandlers {
    var table: [String: CommandHandler] {
        [
            "listImageStores": list,
            "addImageStore": add,
            "deleteImageStore": delete,
        ]
    }
}
