import APIModel
import DomainModel
import Foundation
import Orchestration
import Persistence

/// The handlers ISOs and templates share; `isIso` picks the kind, the object name and the event names.
struct ImageHandlers: Sendable {
    let images: ImageService

    func objectName(_ isIso: Bool) -> String { isIso ? "iso" : "template" }

    func register(_ ctx: CommandContext, isIso: Bool) async throws -> APIResponse {
        var zoneIds: [String] = []
        if let zone = ctx.string("zoneid"), !zone.isEmpty {
            zoneIds = zone == "-1" ? ["-1"] : [try await ctx.requiredEntity("zoneid", in: Tables.zone).id]
        }
        if !isIso, let many = ctx.list("zoneids") {
            for id in many {
                guard ResourceID.isWellFormed(id), try await ctx.reads.find(Tables.zone, id: id) != nil else {
                    throw APIError.unknownEntity("zoneids", value: id, command: ctx.descriptor.name)
                }
                if !zoneIds.contains(id) { zoneIds.append(id) }
            }
        }
        guard !zoneIds.isEmpty else { throw APIError.invalidParameter("zoneid is required: a zone id, or -1 for every zone") }
        guard !(zoneIds.contains("-1") && zoneIds.count > 1) else { throw APIError.invalidParameter("zoneid -1 cannot be combined with zoneids") }
        if ctx.bool("isrouting") == true { throw APIError.invalidParameter("Routing templates are not supported; isrouting must be false") }
        let osType = try await ctx.entity("ostypeid", in: Tables.osType)
        var spec = ImageRegistration(isIso: isIso, name: try ctx.required("name"), url: try ctx.required("url"), zoneIds: zoneIds)
        spec.displayText = ctx.string("displaytext")
        spec.format = ctx.string("format")
        spec.hypervisor = ctx.string("hypervisor")
        spec.osTypeId = osType?.id
        spec.bootable = ctx.bool("bootable") ?? true
        spec.isPublic = ctx.bool("ispublic") ?? false
        spec.isFeatured = ctx.bool("isfeatured") ?? false
        spec.isExtractable = ctx.bool("isextractable") ?? false
        spec.passwordEnabled = ctx.bool("passwordenabled") ?? false
        spec.sshKeyEnabled = ctx.bool("sshkeyenabled") ?? false
        spec.requiresHvm = ctx.bool("requireshvm") ?? true
        spec.checksum = ctx.string("checksum")
        spec.templateTag = ctx.string("templatetag")
        spec.bits = try ctx.int("bits") ?? 64
        let (template, refs) = try await images.register(spec, owner: try await ImageAccess.owner(ctx), by: ctx.initiator)
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for ref in refs { items.append(try await template.apiObject(ref: ref, names)) }
        return .list(objectName: objectName(isIso), items: items, count: items.count)
    }

    func list(_ ctx: CommandContext, isIso: Bool) async throws -> APIResponse {
        let filterParameter = isIso ? "isofilter" : "templatefilter"
        let filterName = ctx.string(filterParameter).flatMap { $0.isEmpty ? nil : $0 } ?? "selfexecutable"
        guard let filter = TemplateFilter(name: filterName) else {
            throw APIError.invalidParameter("Invalid \(filterParameter) \(filterName); use one of \(TemplateFilter.names)")
        }
        let scope = try await AccountScope.accountIds(ctx).map(Set.init)
        let viewer = ImageAccess.viewer(ctx, ownerScope: scope)
        if let refusal = filter.refusal(for: viewer.role) { throw APIError.invalidParameter(refusal) }

        var filters: [Filter<Template>] = ctx.identityFilters(.id, .name) + ctx.keywordFilter(.name, .displayText) + [.equals(.isIso, isIso)]
        if ctx.bool("showremoved") != true { filters.append(.isNull(.removed)) }
        if let bootable = ctx.bool("bootable") { filters.append(.equals(.bootable, bootable)) }
        if let isPublic = ctx.bool("ispublic") { filters.append(.equals(.isPublic, isPublic)) }
        if let hypervisor = ctx.string("hypervisor"), !hypervisor.isEmpty, !isIso {
            filters.append(.equals(.hypervisor, hypervisor.uppercased() == "KVM" ? "KVM" : hypervisor))
        }
        let templates = try await ctx.reads.all(Tables.template, filters)
        let ids = templates.map(\.id)
        var refsByTemplate: [String: [TemplateStoreRef]] = [:]
        for ref in try await ctx.reads.all(Tables.templateStoreRef, [.isIn(.templateId, ids)]) {
            refsByTemplate[ref.templateId, default: []].append(ref)
        }
        var sharedWith: [String: Set<String>] = [:]
        for permission in try await ctx.reads.all(Tables.templatePermission, [.isIn(.templateId, ids)], orderBy: .id) {
            sharedWith[permission.templateId, default: []].insert(permission.accountId)
        }
        let domainPaths = Dictionary(uniqueKeysWithValues: try await ctx.reads.all(Tables.domain).map { ($0.id, $0.path) })
        let zoneId = ctx.string("zoneid").flatMap { $0.isEmpty ? nil : $0 }
        let wantReady = ctx.bool("isready")
        var rows: [(Template, TemplateStoreRef?)] = []
        for template in templates {
            var refs = (refsByTemplate[template.id] ?? []).filter { zoneId == nil || $0.zoneId == zoneId }
            if template.removed != nil && refs.isEmpty && zoneId == nil { refs = [] }
            var entries: [TemplateStoreRef?] = refs.map { Optional($0) }
            if entries.isEmpty && template.removed != nil && zoneId == nil { entries = [nil] }
            var shown = 0
            for ref in entries {
                let facts = TemplateVisibilityFacts(
                    ownerAccountId: template.accountId, ownerDomainPath: domainPaths[template.domainId] ?? "/",
                    isPublic: template.isPublic, isFeatured: template.isFeatured, isReady: ref?.isReady ?? false,
                    sharedWith: sharedWith[template.id] ?? [])
                guard filter.admits(facts, viewer: viewer) else { continue }
                if let wantReady, (ref?.isReady ?? false) != wantReady { continue }
                if ctx.bool("showunique") == true, shown > 0 { continue }
                rows.append((template, ref))
                shown += 1
            }
        }
        let names = NameLookup(reads: ctx.reads)
        var items: [APIObject] = []
        for (template, ref) in NetworkHandlers.page(rows, try ctx.page) {
            items.append(try await template.apiObject(ref: ref, names))
        }
        return .list(objectName: objectName(isIso), items: items, count: rows.count)
    }

    func update(_ ctx: CommandContext, isIso: Bool) async throws -> APIResponse {
        let template = try await ImageAccess.target(ctx, isIso: isIso, change: true)
        if ctx.bool("isrouting") == true { throw APIError.invalidParameter("Routing templates are not supported; isrouting must be false") }
        var changes = ImageChanges()
        changes.name = ctx.string("name")
        changes.displayText = ctx.string("displaytext")
        changes.osTypeId = try await ctx.entity("ostypeid", in: Tables.osType)?.id
        changes.bootable = ctx.bool("bootable")
        changes.passwordEnabled = ctx.bool("passwordenabled")
        changes.sshKeyEnabled = ctx.bool("sshkeyenabled")
        changes.requiresHvm = ctx.bool("requireshvm")
        changes.format = ctx.string("format")
        changes.templateTag = ctx.string("templatetag")
        let updated = try await images.update(template.id, isIso: isIso, changes, by: ctx.initiator)
        let ref = try await images.references(of: updated.id).first
        return .object(objectName: objectName(isIso), try await updated.apiObject(ref: ref, NameLookup(reads: ctx.reads)))
    }

    func updatePermissions(_ ctx: CommandContext, isIso: Bool) async throws -> APIResponse {
        let template = try await ImageAccess.target(ctx, isIso: isIso, change: true)
        if ctx.list("projectids") != nil { throw APIError.invalidParameter("Projects are not supported; share with accounts instead") }
        var changes = ImagePermissionChanges()
        changes.isPublic = ctx.bool("ispublic")
        changes.isFeatured = ctx.bool("isfeatured")
        changes.isExtractable = ctx.bool("isextractable")
        changes.operation = ctx.string("op").flatMap { $0.isEmpty ? nil : $0 }
        for name in ctx.list("accounts") ?? [] {
            guard let account = try await ctx.reads.first(Tables.account, [.equals(.name, name), .equals(.domainId, template.domainId), .isNull(.removed)]) else {
                throw APIError.invalidParameter("Unable to find account \(name) in the domain of \(template.kindName) \(template.name)")
            }
            changes.accountIds.append(account.id)
        }
        _ = try await images.updatePermissions(template.id, isIso: isIso, changes, by: ctx.initiator)
        return .success()
    }

    func listPermissions(_ ctx: CommandContext, isIso: Bool) async throws -> APIResponse {
        let template = try await ImageAccess.target(ctx, isIso: isIso, change: true)
        let names = NameLookup(reads: ctx.reads)
        var accounts: [APIValue] = []
        for id in try await images.sharedAccounts(of: template.id) {
            if let name = try await names.account(id) { accounts.append(.string(name)) }
        }
        var o = APIObject()
        o.set("id", template.id)
        o.set("ispublic", template.isPublic)
        o.set("domainid", template.domainId)
        o.set("account", .array(accounts))
        o.set("projectids", .array([]))
        return .object(objectName: "templatepermission", o)
    }

    func delete(_ ctx: CommandContext, isIso: Bool) async throws -> APIResponse {
        let template = try await ImageAccess.target(ctx, isIso: isIso, change: true)
        let zone = try await ctx.entity("zoneid", in: Tables.zone)
        let forced = ctx.bool("forced") ?? false
        return try await ctx.runAsJob(instanceType: isIso ? "Iso" : "Template", instanceId: template.id) {
            try await images.delete(template.id, isIso: isIso, zoneId: zone?.id, forced: forced, by: ctx.initiator)
            return .success()
        }
    }

    func copy(_ ctx: CommandContext, isIso: Bool) async throws -> APIResponse {
        let template = try await ImageAccess.target(ctx, isIso: isIso, change: true)
        let source = try await ctx.entity("sourcezoneid", in: Tables.zone)
        var destinations: [String] = []
        if let zone = try await ctx.entity("destzoneid", in: Tables.zone) { destinations.append(zone.id) }
        for id in ctx.list("destzoneids") ?? [] where !destinations.contains(id) {
            guard try await ctx.reads.find(Tables.zone, id: id) != nil else {
                throw APIError.unknownEntity("destzoneids", value: id, command: ctx.descriptor.name)
            }
            destinations.append(id)
        }
        guard !destinations.isEmpty else { throw APIError.invalidParameter("Please specify destzoneid or destzoneids") }
        if let source, destinations.contains(source.id) {
            throw APIError.invalidParameter("The source and destination zones must differ")
        }
        return try await ctx.runAsJob(instanceType: isIso ? "Iso" : "Template", instanceId: template.id) { [destinations] in
            let refs = try await images.copy(template.id, isIso: isIso, sourceZoneId: source?.id, destinationZoneIds: destinations, by: ctx.initiator)
            let current = try await images.live(template.id, isIso: isIso)
            return .object(objectName: objectName(isIso), try await current.apiObject(ref: refs.first, NameLookup(reads: ctx.reads)))
        }
    }

    func extract(_ ctx: CommandContext, isIso: Bool) async throws -> APIResponse {
        let mode = try ctx.required("mode")
        guard mode.uppercased() == "HTTP_DOWNLOAD" else {
            throw APIError.invalidParameter("Extract mode \(mode) is not supported; use HTTP_DOWNLOAD")
        }
        let template = try await ImageAccess.target(ctx, isIso: isIso, change: true)
        guard template.isExtractable || ctx.caller.isRootAdmin else {
            throw APIError.invalidParameter("Unable to extract \(template.kindName) \(template.name): it is not extractable")
        }
        let zone = try await ctx.entity("zoneid", in: Tables.zone)
        let names = NameLookup(reads: ctx.reads)
        return try await ctx.runAsJob(instanceType: isIso ? "Iso" : "Template", instanceId: template.id) {
            let (record, url) = try await images.extract(template.id, isIso: isIso, zoneId: zone?.id, by: ctx.initiator)
            var o = APIObject()
            o.set("id", template.id)
            o.set("name", template.name)
            o.set("extractId", String(record.id.prefix(32)))
            o.set("accountid", record.accountId)
            o.set("state", "DOWNLOAD_URL_CREATED")
            o.set("status", "DOWNLOAD_URL_CREATED")
            o.set("storagetype", "Image")
            o.set("uploadpercentage", 100)
            o.set("url", url)
            o.set("zoneid", record.zoneId)
            o.set("zonename", try await names.zone(record.zoneId))
            o.set("extractMode", "HTTP_DOWNLOAD")
            o.set("created", APIDate.string(record.created))
            return .object(objectName: "template", o)
        }
    }
}
