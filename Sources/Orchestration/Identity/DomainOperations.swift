import DomainModel
import Foundation
import Persistence

/// Domains: the tree tenants live in.
extension IdentityService {
    public func createDomain(name: String, parent: Domain, networkDomain: String?, by caller: Caller) async throws -> Domain {
        guard caller.administers(domainPath: parent.path) else {
            throw DomainError.permissionDenied("Account \(caller.account.name) may not create domains under \(parent.name)")
        }
        guard !name.contains("/"), !name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.invalidParameter("Domain name must not be empty or contain '/'")
        }
        let domain = Domain(id: ResourceID.make(), name: name, parentId: parent.id, path: parent.childPath(name), level: parent.level + 1, networkDomain: networkDomain)
        try await db.transaction { store in
            if try await store.exists(Tables.domain, [.equals(.path, domain.path)]) {
                throw DomainError.invalidParameter("Domain with name \(name) already exists for the parent id=\(parent.id)")
            }
            try await store.insert(domain, into: Tables.domain)
            try await events.record("DOMAIN.CREATE", "Created domain \(domain.displayPath)", by: Initiator(caller), resourceId: domain.id, resourceType: "Domain", in: store)
        }
        return domain
    }

    public func updateDomain(_ domain: Domain, name: String?, networkDomain: String?, by caller: Caller) async throws -> Domain {
        guard caller.administers(domainPath: domain.path), domain.parentId != nil || name == nil else {
            throw DomainError.permissionDenied("Domain \(domain.name) can not be changed by account \(caller.account.name)")
        }
        var updated = domain
        if let networkDomain { updated.networkDomain = networkDomain.isEmpty ? nil : networkDomain }
        let final = updated
        try await db.transaction { store in
            var result = final
            if let name, name != domain.name {
                guard !name.contains("/"), !name.isEmpty else { throw DomainError.invalidParameter("Domain name must not be empty or contain '/'") }
                let newPath = String(domain.path.dropLast(domain.name.count + 1)) + name + "/"
                if try await store.exists(Tables.domain, [.equals(.path, newPath)]) {
                    throw DomainError.invalidParameter("Domain with name \(name) already exists under the same parent")
                }
                for var child in try await store.all(Tables.domain) where child.path.hasPrefix(domain.path) && child.id != domain.id {
                    child.path = newPath + child.path.dropFirst(domain.path.count)
                    try await store.replace(child, in: Tables.domain, id: child.id)
                }
                result.name = name
                result.path = newPath
            }
            try await store.replace(result, in: Tables.domain, id: result.id)
            try await events.record("DOMAIN.UPDATE", "Updated domain \(result.displayPath)", by: Initiator(caller), resourceId: result.id, resourceType: "Domain", in: store)
        }
        forgetCachedCallers()
        return try await db.read.find(Tables.domain, id: domain.id)!
    }

    /// Deletes an empty domain (no subdomains, no accounts).
    public func deleteDomain(_ domain: Domain, by caller: Caller) async throws {
        guard domain.parentId != nil else { throw DomainError.invalidParameter("The ROOT domain can not be deleted") }
        guard caller.administers(domainPath: domain.path), caller.domain.id != domain.id else {
            throw DomainError.permissionDenied("Account \(caller.account.name) may not delete domain \(domain.name)")
        }
        try await db.transaction { store in
            if try await store.exists(Tables.domain, [.equals(.parentId, domain.id)]) {
                throw DomainError.inUse("Domain \(domain.name) has subdomains; delete them first")
            }
            if try await store.exists(Tables.account, [.equals(.domainId, domain.id), .isNull(.removed)]) {
                throw DomainError.inUse("Domain \(domain.name) still has accounts; delete them first")
            }
            try await store.delete(from: Tables.domain, id: domain.id)
            try await events.record("DOMAIN.DELETE", "Deleted domain \(domain.displayPath)", by: Initiator(caller), resourceId: domain.id, resourceType: "Domain", in: store)
        }
    }
}
