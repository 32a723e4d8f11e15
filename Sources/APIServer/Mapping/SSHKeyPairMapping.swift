import APIModel
import DomainModel

extension SSHKeyPair {
    /// The key pair as CloudStack's key pair responses show it; the public key itself is not part of them.
    func apiObject(_ names: NameLookup) async throws -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("fingerprint", fingerprint)
        o.set("account", try await names.account(accountId))
        o.set("domainid", domainId)
        o.set("domain", try await names.domain(domainId))
        o.set("hasannotations", false)
        return o
    }
}
