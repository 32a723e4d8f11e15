import APIModel
import DomainModel
import Foundation
import Orchestration
import Persistence

extension Pod {
    func apiObject(_ names: NameLookup) async throws -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("zoneid", zoneId)
        o.set("zonename", try await names.zone(zoneId))
        o.set("gateway", gateway)
        o.set("netmask", netmask)
        if let startIp, let endIp {
            var range = APIObject()
            range.set("startip", startIp)
            range.set("endip", endIp)
            range.set("forsystemvms", "0")
            o.set("ipranges", objects: [range])
            o.set("startip", strings: [startIp])
            o.set("endip", strings: [endIp])
            o.set("forsystemvms", strings: ["0"])
        } else {
            o.set("ipranges", objects: [])
        }
        o.set("allocationstate", allocationState.rawValue)
        o.set("hasannotations", false)
        return o
    }
}
