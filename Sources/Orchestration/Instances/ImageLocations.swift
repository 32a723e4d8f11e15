import DomainModel
import Persistence

/// Where the hosts of a zone find a template or ISO: its ready copy on the zone's image store, as the
/// location a host reads (`nfs://server/export/<install path>`, or a path).
struct ImageLocations: Sendable {
    let db: Database
    let images: ImageService

    /// The copy of `template` on the zone's image store, which must be completely downloaded.
    func readyReference(of template: Template, inZone zone: Zone) async throws -> TemplateStoreRef {
        let refs = try await images.references(of: template.id).filter { $0.zoneId == zone.id }
        guard let ref = refs.first(where: \.isReady) else {
            let status = refs.first.map { ": its status there is \($0.state.rawValue)" } ?? ": it has no copy there"
            throw DomainError.invalidParameter("\(template.kindName) \(template.name) is not ready in zone \(zone.name)\(status)")
        }
        return ref
    }

    /// Where hosts read an image of the zone's image store: `nfs://server/export/<install path>`, or a path.
    func imageLocation(of template: Template, zoneId: String) async throws -> String {
        let ref = try await db.read.all(Tables.templateStoreRef, [.equals(.templateId, template.id), .equals(.zoneId, zoneId)])
            .first(where: \.isReady)
        guard let ref, let installPath = ref.installPath, let store = try await db.read.find(Tables.imageStore, id: ref.storeId) else {
            throw DomainError.invalidState("\(template.kindName) \(template.name) is not ready in the VM's zone")
        }
        var base = store.url
        while base.hasSuffix("/") { base.removeLast() }
        if base.hasPrefix("file://") { base.removeFirst("file://".count) }
        return base + "/" + installPath
    }

    func isoLocation(_ isoId: String, zoneId: String) async throws -> String {
        guard let iso = try await db.read.find(Tables.template, id: isoId) else {
            throw DomainError.invalidState("ISO \(isoId) no longer exists")
        }
        return try await imageLocation(of: iso, zoneId: zoneId)
    }
}
