import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listImageStores, addImageStore and deleteImageStore.
enum ImageStoreHandlers {
    static func list(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<ImageStore>] = ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name)
        if let zoneId = ctx.string("zoneid"), !zoneId.isEmpty { filters.append(.equals(.zoneId, zoneId)) }
        if let value = ctx.string("protocol"), !value.isEmpty { filters.append(.equals(.protocolName, value.lowercased())) }
        if let value = ctx.string("provider"), !value.isEmpty {
            filters.append(.equals(.provider, ["NFS", "Local", "SharedMountPoint"].first { $0.lowercased() == value.lowercased() } ?? value))
        }
        if let readOnly = ctx.bool("readonly") { filters.append(.equals(.readOnly, readOnly)) }
        let (stores, total) = try await ctx.db.read.page(Tables.imageStore, filters, page: try ctx.page)
        let names = NameLookup(db: ctx.db)
        var items: [APIObject] = []
        for store in stores { items.append(try await store.apiObject(names)) }
        return .list(objectName: "imagestore", items: items, count: total)
    }

    static func add(_ ctx: CommandContext) async throws -> APIResponse {
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
        let store = try await ctx.cloud.inventory.addImageStore(spec, by: ctx.initiator)
        return .object(objectName: "imagestore", try await store.apiObject(NameLookup(db: ctx.db)))
    }

    static func delete(_ ctx: CommandContext) async throws -> APIResponse {
        let store = try await ctx.requiredEntity("id", in: Tables.imageStore)
        try await ctx.cloud.inventory.deleteImageStore(id: store.id, by: ctx.initiator)
        await ctx.cloud.images.stores.forget(storeId: store.id)
        return .success()
    }
}

extension ImageStoreHandlers {
    static let table: [String: CommandHandler] = [
        "listImageStores": list,
        "addImageStore": add,
        "deleteImageStore": delete,
    ]
}
