import APIModel
import DomainModel
import Foundation
import Persistence

extension Event {
    func apiObject(_ names: NameLookup) async throws -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("username", try await names.name(Tables.user, userId) { $0.username })
        o.set("type", type)
        o.set("level", level.rawValue)
        o.set("description", description)
        o.set("account", try await names.account(accountId))
        o.set("domainid", domainId)
        o.set("domain", try await names.domain(domainId))
        o.set("domainpath", try await names.domainPath(domainId))
        o.set("resourceid", resourceId)
        o.set("resourcetype", resourceType)
        o.set("created", APIDate.string(created))
        o.set("state", state)
        o.set("parentid", parentId)
        o.set("archived", false)
        return o
    }
}

extension Alert {
    var apiObject: APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("type", type.rawValue)
        o.set("name", name)
        o.set("description", subject)
        o.set("sent", APIDate.string(sent))
        return o
    }
}
