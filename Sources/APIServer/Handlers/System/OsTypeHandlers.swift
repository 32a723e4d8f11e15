import APIModel
import DomainModel
import Orchestration
import Persistence

/// Handlers of listOsTypes and listOsCategories.
enum OsTypeHandlers {
    static func listOsTypes(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<OsType>] = ctx.keywordFilter(.description)
        if let type = try await ctx.entity("id", in: Tables.osType) { filters.append(.equals(.id, type.id)) }
        if let category = try await ctx.entity("oscategoryid", in: Tables.osCategory) { filters.append(.equals(.categoryId, category.id)) }
        if let description = ctx.string("description"), !description.isEmpty { filters.append(.contains(description, in: .description)) }
        // Every OS type is shown to users.
        if ctx.bool("fordisplay") == false { filters.append(.nothing) }
        let (types, total) = try await ctx.reads.page(Tables.osType, filters, page: try ctx.page, orderBy: .description)
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for type in types { items.append(type.apiObject(categoryName: try await names.osCategory(type.categoryId))) }
        return .list(objectName: "ostype", items: items, count: total)
    }

    static func listOsCategories(_ ctx: CommandContext) async throws -> APIResponse {
        var filters: [Filter<OsCategory>] = ctx.keywordFilter(.name)
        if let category = try await ctx.entity("id", in: Tables.osCategory) { filters.append(.equals(.id, category.id)) }
        if let name = ctx.string("name"), !name.isEmpty { filters.append(.contains(name, in: .name)) }
        // No category is featured.
        if ctx.bool("isfeatured") == true { filters.append(.nothing) }
        let (categories, total) = try await ctx.reads.page(Tables.osCategory, filters, page: try ctx.page, orderBy: .name)
        return .list(objectName: "oscategory", items: categories.map(\.apiObject), count: total)
    }
}

extension OsTypeHandlers {
    static let table: [String: CommandHandler] = [
        "listOsTypes": listOsTypes,
        "listOsCategories": listOsCategories,
    ]
}

extension OsType {
    func apiObject(categoryName: String?) -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("oscategoryid", categoryId)
        o.set("oscategoryname", categoryName)
        o.set("name", description)
        o.set("description", description)
        o.set("isuserdefined", isUserDefined)
        o.set("fordisplay", true)
        return o
    }
}

extension OsCategory {
    var apiObject: APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("isfeatured", false)
        return o
    }
}
