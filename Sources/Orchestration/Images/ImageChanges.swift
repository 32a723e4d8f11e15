import DomainModel
import Foundation
import ImageTransfer
import Persistence

/// What `updateTemplate`/`updateIso` may change; nil leaves a field as it is.
public struct ImageChanges: Sendable {
    public var name: String?
    public var displayText: String?
    public var osTypeId: String?
    public var bootable: Bool?
    public var passwordEnabled: Bool?
    public var sshKeyEnabled: Bool?
    public var requiresHvm: Bool?
    public var format: String?
    public var templateTag: String?

    public init() {}
}

/// What `updateTemplatePermissions`/`updateIsoPermissions` change.
public struct ImagePermissionChanges: Sendable {
    public var isPublic: Bool?
    public var isFeatured: Bool?
    public var isExtractable: Bool?
    /// `add`, `remove` or `reset` with `accountIds`.
    public var operation: String?
    public var accountIds: [String] = []

    public init() {}
}

extension ImageService {
    public func update(_ id: String, isIso: Bool, _ changes: ImageChanges, by initiator: Initiator) async throws -> Template {
        var template = try await live(id, isIso: isIso)
        if let name = changes.name {
            let trimmed = name.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { throw DomainError.invalidParameter("name must not be empty") }
            template.name = trimmed
        }
        if let text = changes.displayText, !text.isEmpty { template.displayText = text }
        if let osTypeId = changes.osTypeId { template.osTypeId = osTypeId }
        if let bootable = changes.bootable, isIso { template.bootable = bootable }
        if let value = changes.passwordEnabled { template.passwordEnabled = value }
        if let value = changes.sshKeyEnabled { template.sshKeyEnabled = value }
        if let value = changes.requiresHvm { template.requiresHvm = value }
        if let tag = changes.templateTag { template.templateTag = tag.isEmpty ? nil : tag }
        if let text = changes.format, !text.isEmpty {
            guard !isIso, let format = ImageFormat(name: text), format != .iso || template.format == "ISO" else {
                throw DomainError.invalidParameter("Format \(text) is not supported; use QCOW2 or RAW")
            }
            guard format.rawValue == template.format else {
                throw DomainError.invalidParameter("The format of a registered template cannot change (it is \(template.format))")
            }
        }
        let updated = template
        try await db.transaction { store in
            try await store.replace(updated, in: Tables.template, id: updated.id)
            try await events.record(
                isIso ? "ISO.UPDATE" : "TEMPLATE.UPDATE", "Updated \(updated.kindName) \(updated.name)", by: initiator,
                resourceId: updated.id, resourceType: isIso ? "Iso" : "Template", in: store)
        }
        return updated
    }

    public func updatePermissions(_ id: String, isIso: Bool, _ changes: ImagePermissionChanges, by initiator: Initiator) async throws -> Template {
        var template = try await live(id, isIso: isIso)
        if let value = changes.isPublic { template.isPublic = value }
        if let value = changes.isFeatured { template.isFeatured = value }
        if let value = changes.isExtractable { template.isExtractable = value }
        let operation = changes.operation?.lowercased()
        if let operation, !["add", "remove", "reset"].contains(operation) {
            throw DomainError.invalidParameter("Invalid op \(changes.operation ?? ""); use add, remove or reset")
        }
        if !changes.accountIds.isEmpty, operation == nil || operation == "reset" {
            throw DomainError.invalidParameter("accounts needs op=add or op=remove")
        }
        if operation == "add", template.isPublic {
            throw DomainError.invalidParameter("A public \(template.kindName) is shared with everyone already; it cannot be shared with single accounts")
        }
        let updated = template
        try await db.transaction { store in
            try await store.replace(updated, in: Tables.template, id: updated.id)
            switch operation {
            case "add":
                for accountId in changes.accountIds where accountId != updated.accountId {
                    let known = try await store.exists(Tables.templatePermission, [.equals(.templateId, updated.id), .equals(.accountId, accountId)])
                    if !known {
                        try await store.insert(TemplatePermission(id: ResourceID.make(), templateId: updated.id, accountId: accountId), into: Tables.templatePermission)
                    }
                }
            case "remove":
                try await store.delete(from: Tables.templatePermission, [.equals(.templateId, updated.id), .isIn(.accountId, changes.accountIds)])
            case "reset":
                try await store.delete(from: Tables.templatePermission, [.equals(.templateId, updated.id)])
            default:
                break
            }
            if updated.isPublic {
                try await store.delete(from: Tables.templatePermission, [.equals(.templateId, updated.id)])
            }
            try await events.record(
                isIso ? "ISO.UPDATE" : "TEMPLATE.UPDATE", "Changed the permissions of \(updated.kindName) \(updated.name)", by: initiator,
                resourceId: updated.id, resourceType: isIso ? "Iso" : "Template", in: store)
        }
        return updated
    }

    /// The accounts a template is shared with.
    public func sharedAccounts(of templateId: String) async throws -> [String] {
        try await db.read.all(Tables.templatePermission, [.equals(.templateId, templateId)], orderBy: .id).map(\.accountId)
    }

    /// Deletes a template or ISO from one zone or (without `zoneId`) from all of them: stops its downloads,
    /// removes its files from every store, and retires it once no zone keeps it. Refused while instances use
    /// it unless `forced`.
    public func delete(_ id: String, isIso: Bool, zoneId: String?, forced: Bool, by initiator: Initiator) async throws {
        let template = try await live(id, isIso: isIso)
        if !forced {
            let users = try await usage(of: id)
            guard users == 0 else {
                throw DomainError.inUse("Unable to delete \(template.kindName) \(template.name): \(users) instance(s) use it; pass forced=true to delete it anyway")
            }
        }
        let refs = try await references(of: id).filter { zoneId == nil || $0.zoneId == zoneId }
        if let zoneId, refs.isEmpty {
            throw DomainError.invalidParameter("\(template.kindName) \(template.name) is not kept in zone \(zoneId)")
        }
        let retired = try await db.transaction { store -> Bool in
            for ref in refs { try await store.delete(from: Tables.templateStoreRef, id: ref.id) }
            let left = try await store.count(Tables.templateStoreRef, [.equals(.templateId, id)])
            if left == 0 {
                try await store.overwrite(Tables.template, id: id, set: [.set(.removed, Date())])
                try await store.delete(from: Tables.templatePermission, [.equals(.templateId, id)])
                try await store.delete(from: Tables.templateExtract, [.equals(.templateId, id)])
            }
            try await events.record(
                isIso ? "ISO.DELETE" : "TEMPLATE.DELETE",
                "Deleted \(template.kindName) \(template.name)\(zoneId == nil ? "" : " from one zone")", by: initiator,
                resourceId: id, resourceType: isIso ? "Iso" : "Template", in: store)
            return left == 0
        }
        await cancelDownloads(refs.map(\.id))
        var problems: [String] = []
        // A store that shares its export with another zone's store keeps the files while that zone still has the image.
        var keptOn: Set<String> = []
        for ref in try await references(of: id) {
            if let kept = try await db.read.find(Tables.imageStore, id: ref.storeId) { keptOn.insert(kept.url) }
        }
        for storeId in Set(refs.map(\.storeId)) {
            guard let imageStore = try await db.read.find(Tables.imageStore, id: storeId), !keptOn.contains(imageStore.url) else { continue }
            do {
                try await stores.access(imageStore).removeTree(ImageStoreLayout.directory(of: template))
            } catch {
                problems.append("image store \(imageStore.name): \(error)")
            }
        }
        if !problems.isEmpty {
            logger.error("files of \(template.kindName) \(id) could not be removed: \(problems)")
            throw DomainError.unavailable("\(template.kindName) \(template.name) was deleted\(retired ? "" : " from the zone"), but its files could not be removed from \(problems.joined(separator: "; "))")
        }
    }

    /// Copies a ready template or ISO from one zone's store to other zones' stores and waits until the copies
    /// are ready. Returns the new references.
    public func copy(_ id: String, isIso: Bool, sourceZoneId: String?, destinationZoneIds: [String], by initiator: Initiator) async throws -> [TemplateStoreRef] {
        let template = try await live(id, isIso: isIso)
        let refs = try await references(of: id)
        guard let source = refs.first(where: { $0.isReady && (sourceZoneId == nil || $0.zoneId == sourceZoneId) }), let sourcePath = source.installPath else {
            throw DomainError.invalidState("\(template.kindName) \(template.name) is not ready in \(sourceZoneId.map { "zone \($0)" } ?? "any zone"); it can be copied once it is")
        }
        guard !destinationZoneIds.isEmpty else { throw DomainError.invalidParameter("destzoneid is required") }
        let created = try await db.transaction { store -> [TemplateStoreRef] in
            var created: [TemplateStoreRef] = []
            for zoneId in destinationZoneIds {
                guard let zone = try await store.find(Tables.zone, id: zoneId) else {
                    throw DomainError.notFound(kind: "zone", id: zoneId, parameter: "destzoneid")
                }
                guard zoneId != source.zoneId else {
                    throw DomainError.invalidParameter("The source and destination zones are the same (\(zone.name))")
                }
                if try await store.exists(Tables.templateStoreRef, [.equals(.templateId, id), .equals(.zoneId, zoneId)]) {
                    throw DomainError.invalidParameter("\(template.kindName) \(template.name) is already in zone \(zone.name)")
                }
                guard let imageStore = try await imageStore(inZone: zoneId, in: store) else {
                    throw DomainError.invalidParameter("Zone \(zone.name) has no image store to copy the \(template.kindName) to; add one with addImageStore")
                }
                var ref = TemplateStoreRef(id: ResourceID.make(), templateId: id, zoneId: zoneId, storeId: imageStore.id,
                                           sourceStoreId: source.storeId, sourcePath: sourcePath)
                ref.size = source.size
                try await store.insert(ref, into: Tables.templateStoreRef)
                created.append(ref)
            }
            try await events.record(
                isIso ? "ISO.COPY" : "TEMPLATE.COPY", "Copying \(template.kindName) \(template.name) to \(destinationZoneIds.count) zone(s)",
                by: initiator, resourceId: id, resourceType: isIso ? "Iso" : "Template", in: store)
            return created
        }
        wake.signal()
        var finished: [TemplateStoreRef] = []
        for ref in created {
            finished.append(try await waitUntilSettled(ref.id))
        }
        return finished
    }

    /// Waits until a reference is ready or failed; throws the failure's reason.
    func waitUntilSettled(_ refId: String) async throws -> TemplateStoreRef {
        while true {
            guard let ref = try await db.read.find(Tables.templateStoreRef, id: refId) else {
                throw DomainError.invalidState("The copy was deleted before it finished")
            }
            switch ref.state {
            case .downloaded: return ref
            case .error: throw DomainError.unavailable(ref.errorString ?? "The copy failed")
            default: break
            }
            if stopping.load(ordering: .relaxed) {
                throw DomainError.unavailable("The management server is stopping; the copy continues when it starts again")
            }
            try await Task.sleep(for: .milliseconds(250))
        }
    }
}
