import DomainModel
import Foundation
import Persistence

/// What `registerIso` and `registerTemplate` ask for.
public struct ImageRegistration: Sendable {
    public var isIso: Bool
    public var name: String
    public var displayText: String?
    public var url: String
    /// A zone id, or `-1` for every zone with an image store.
    public var zoneIds: [String]
    public var format: String?
    public var hypervisor: String?
    public var osTypeId: String?
    public var bootable: Bool = true
    public var isPublic: Bool = false
    public var isFeatured: Bool = false
    public var isExtractable: Bool = false
    public var passwordEnabled: Bool = false
    public var sshKeyEnabled: Bool = false
    public var requiresHvm: Bool = true
    public var checksum: String?
    public var templateTag: String?
    public var bits: Int = 64

    public init(isIso: Bool, name: String, url: String, zoneIds: [String]) {
        self.isIso = isIso
        self.name = name
        self.url = url
        self.zoneIds = zoneIds
    }
}

extension ImageService {
    /// Registers a template or ISO for `owner` and queues one download per zone. Everything is checked
    /// before anything is written; the downloads run later, in the background.
    public func register(_ spec: ImageRegistration, owner: Account, by initiator: Initiator) async throws -> (Template, [TemplateStoreRef]) {
        let name = spec.name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { throw DomainError.invalidParameter("name must not be empty") }
        _ = try ImageURLForm.parse(spec.url)
        let format: String
        if spec.isIso {
            format = "ISO"
        } else {
            guard let text = spec.format, let parsed = ImageFormat(name: text) else {
                throw DomainError.invalidParameter("Format \(spec.format ?? "") is not supported; use QCOW2, RAW or ISO")
            }
            format = parsed.rawValue
            guard let hypervisor = spec.hypervisor, hypervisor.lowercased() == "kvm" else {
                throw DomainError.invalidParameter("Hypervisor \(spec.hypervisor ?? "") is not supported; Cumulo runs KVM")
            }
        }
        var checksum: String?
        if let text = spec.checksum?.trimmingCharacters(in: .whitespaces), !text.isEmpty {
            do {
                checksum = try Checksum(parsing: text).description
            } catch let error as ChecksumFormatError {
                throw DomainError.invalidParameter(error.description)
            }
        }
        guard spec.bits == 32 || spec.bits == 64 else { throw DomainError.invalidParameter("bits must be 32 or 64") }
        let allZones = spec.zoneIds == ["-1"]
        guard !spec.zoneIds.isEmpty else { throw DomainError.invalidParameter("zoneid is required (or -1 for every zone)") }
        var template = Template(
            id: ResourceID.make(), name: name,
            displayText: spec.displayText.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } ?? name,
            isIso: spec.isIso, format: format, hypervisor: spec.isIso ? nil : "KVM", osTypeId: spec.osTypeId,
            accountId: owner.id, domainId: owner.domainId, isPublic: spec.isPublic, isFeatured: spec.isFeatured,
            isExtractable: spec.isExtractable, bootable: spec.isIso ? spec.bootable : true,
            passwordEnabled: spec.passwordEnabled, sshKeyEnabled: spec.sshKeyEnabled, requiresHvm: spec.requiresHvm,
            crossZones: allZones, url: spec.url.trimmingCharacters(in: .whitespaces), checksum: checksum, bits: spec.bits,
            templateTag: spec.templateTag)
        if template.osTypeId == nil {
            template.osTypeId = try await db.read.first(Tables.osType, [.equals(.description, "Other (64-bit)")])?.id
        }
        let created = template
        let refs = try await db.transaction { store -> [TemplateStoreRef] in
            let zones: [Zone]
            if allZones {
                zones = try await store.all(Tables.zone)
            } else {
                var found: [Zone] = []
                for id in spec.zoneIds {
                    guard let zone = try await store.find(Tables.zone, id: id) else {
                        throw DomainError.notFound(kind: "zone", id: id, parameter: "zoneid")
                    }
                    found.append(zone)
                }
                zones = found
            }
            var refs: [TemplateStoreRef] = []
            for zone in zones {
                guard let imageStore = try await imageStore(inZone: zone.id, in: store) else {
                    if allZones { continue }
                    throw DomainError.invalidParameter("Zone \(zone.name) has no image store to keep the \(created.kindName) on; add one with addImageStore")
                }
                refs.append(TemplateStoreRef(id: ResourceID.make(), templateId: created.id, zoneId: zone.id, storeId: imageStore.id))
            }
            guard !refs.isEmpty else {
                throw DomainError.invalidParameter("No zone has an image store to keep the \(created.kindName) on; add one with addImageStore")
            }
            try await store.insert(created, into: Tables.template)
            for ref in refs { try await store.insert(ref, into: Tables.templateStoreRef) }
            try await events.record(
                created.isIso ? "ISO.CREATE" : "TEMPLATE.CREATE",
                "Registered \(created.kindName) \(created.name) from \(created.url)", by: initiator,
                resourceId: created.id, resourceType: created.isIso ? "Iso" : "Template", in: store)
            return refs
        }
        wake.signal()
        return (created, refs)
    }
}
