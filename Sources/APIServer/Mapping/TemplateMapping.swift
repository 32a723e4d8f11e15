import APIModel
import DomainModel
import Foundation
import Persistence

extension Template {
    /// The response object of a template or ISO in the zone of `ref` (one list entry per zone).
    func apiObject(ref: TemplateStoreRef?, _ names: NameLookup) async throws -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("displaytext", displayText)
        o.set("ispublic", isPublic)
        o.set("created", APIDate.string(created))
        o.set("removed", removed.map(APIDate.string))
        o.set("isready", ref?.isReady ?? false)
        o.set("passwordenabled", passwordEnabled)
        o.set("format", format)
        o.set("bootable", bootable)
        o.set("isfeatured", isFeatured)
        o.set("crossZones", crossZones)
        o.set("ostypeid", osTypeId)
        o.set("ostypename", try await names.name(Tables.osType, osTypeId) { $0.description })
        o.set("accountid", accountId)
        o.set("account", try await names.account(accountId))
        o.set("zoneid", ref?.zoneId)
        o.set("zonename", try await names.zone(ref?.zoneId))
        if let ref {
            o.set("status", ref.state.status(isIso: isIso, percent: ref.downloadPercent, error: ref.errorString))
            o.set("size", ref.size > 0 ? ref.size : nil)
            o.set("physicalsize", ref.physicalSize > 0 ? ref.physicalSize : nil)
        }
        o.set("templatetype", templateType)
        o.set("hypervisor", hypervisor ?? "None")
        o.set("domain", try await names.domain(domainId))
        o.set("domainid", domainId)
        o.set("domainpath", try await names.domainPath(domainId))
        o.set("isextractable", isExtractable)
        o.set("checksum", checksum)
        o.set("sshkeyenabled", sshKeyEnabled)
        o.set("requireshvm", requiresHvm)
        o.set("url", url)
        o.set("bits", bits)
        o.set("templatetag", templateTag)
        o.set("isdynamicallyscalable", false)
        o.set("directdownload", false)
        o.set("deployasis", false)
        if let ref {
            var detail = APIObject()
            detail.set("datastore", try await names.name(Tables.imageStore, ref.storeId) { $0.name })
            detail.set("datastoreId", ref.storeId)
            detail.set("downloadPercent", String(ref.downloadPercent))
            detail.set("downloadState", ref.downloadState.rawValue)
            o.set("downloaddetails", .array([.object(detail)]))
        }
        o.set("tags", .array([]))
        o.set("hasannotations", false)
        return o
    }
}
