import APIModel
import DomainModel
import Foundation
import Persistence

/// The rows a page of volumes refers to — VMs, pools, offerings and templates — read with one query per table.
struct VolumeReferences: Sendable {
    var vms: [String: VirtualMachine] = [:]
    var pools: [String: StoragePool] = [:]
    var diskOfferings: [String: DiskOffering] = [:]
    var serviceOfferings: [String: ServiceOffering] = [:]
    var templates: [String: Template] = [:]

    static func load(for volumes: [Volume], from read: Store) async throws -> VolumeReferences {
        var refs = VolumeReferences()
        guard !volumes.isEmpty else { return refs }
        typealias Rows = VirtualMachineReferences
        refs.vms = try await Rows.rows(Tables.vmInstance, volumes.compactMap(\.vmId), read, idColumn: .id, id: \.id)
        refs.pools = try await Rows.rows(Tables.storagePool, volumes.compactMap(\.poolId), read, idColumn: .id, id: \.id)
        refs.diskOfferings = try await Rows.rows(Tables.diskOffering, volumes.compactMap(\.diskOfferingId), read, idColumn: .id, id: \.id)
        let rootVMs = volumes.filter { $0.type == .root }.compactMap { $0.vmId.flatMap { refs.vms[$0] } }
        refs.serviceOfferings = try await Rows.rows(Tables.serviceOffering, rootVMs.map(\.serviceOfferingId), read, idColumn: .id, id: \.id)
        refs.templates = try await Rows.rows(Tables.template, volumes.compactMap(\.templateId), read, idColumn: .id, id: \.id)
        return refs
    }
}

extension Volume {
    /// The volume as CloudStack's `volume` object shows it to `viewer`; where its file lives (pool id, path)
    /// is for root administrators only.
    func apiObject(_ refs: VolumeReferences, _ names: NameLookup, viewer: Caller) async throws -> APIObject {
        let vm = vmId.flatMap { refs.vms[$0] }
        let pool = poolId.flatMap { refs.pools[$0] }
        let offering = diskOfferingId.flatMap { refs.diskOfferings[$0] }
        let template = templateId.flatMap { refs.templates[$0] }
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("zoneid", zoneId)
        o.set("zonename", try await names.zone(zoneId))
        o.set("type", type.rawValue)
        if vmId != nil { o.set("deviceid", deviceId) }
        if let vmId {
            o.set("virtualmachineid", vmId)
            o.set("vmname", vm?.name)
            o.set("vmdisplayname", vm.map { $0.displayName.isEmpty ? $0.name : $0.displayName })
            o.set("vmstate", vm?.state.rawValue)
            o.set("vmtype", "User")
        }
        o.set("provisioningtype", offering?.provisioningType ?? "thin")
        o.set("size", sizeBytes)
        o.set("created", APIDate.string(created))
        o.set("state", state.rawValue)
        o.set("account", try await names.account(accountId))
        o.set("domainid", domainId)
        o.set("domain", try await names.domain(domainId))
        o.set("domainpath", try await names.domainPath(domainId))
        o.set("storagetype", "shared")
        o.set("hypervisor", poolId != nil || vmId != nil ? "KVM" : "None")
        if let diskOfferingId {
            o.set("diskofferingid", diskOfferingId)
            o.set("diskofferingname", offering?.name)
            o.set("diskofferingdisplaytext", offering?.displayText)
        }
        if type == .root, let vm, let serviceOffering = refs.serviceOfferings[vm.serviceOfferingId] {
            o.set("serviceofferingid", serviceOffering.id)
            o.set("serviceofferingname", serviceOffering.name)
            o.set("serviceofferingdisplaytext", serviceOffering.displayText)
        }
        if let templateId {
            o.set("templateid", templateId)
            o.set("templatename", template?.name)
            o.set("templatedisplaytext", template?.displayText)
        }
        o.set("storage", pool?.name)
        if viewer.isRootAdmin {
            o.set("storageid", poolId)
            o.set("path", path)
        }
        o.set("destroyed", state == .destroy || state == .expunging || state == .expunged)
        // A ROOT disk may be downloaded only when its template may; data disks always may.
        o.set("isextractable", type == .dataDisk || (template?.isExtractable ?? false))
        if viewer.isRootAdmin { o.set("displayvolume", true) }
        o.set("quiescevm", false)
        o.set("supportsstoragesnapshot", false)
        o.set("deleteprotection", false)
        o.set("tags", .array([]))
        o.set("hasannotations", false)
        return o
    }
}
