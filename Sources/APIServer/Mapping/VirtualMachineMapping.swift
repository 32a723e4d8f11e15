import APIModel
import DomainModel
import Foundation
import Persistence

/// The rows a page of VMs refers to — NICs, networks, images, offerings, hosts and OS types —
/// read with one query per table instead of one per VM.
struct VirtualMachineReferences: Sendable {
    /// Live NICs by VM id, in device order.
    var nics: [String: [Nic]] = [:]
    var networks: [String: Network] = [:]
    /// Templates and ISOs.
    var images: [String: Template] = [:]
    var serviceOfferings: [String: ServiceOffering] = [:]
    var diskOfferings: [String: DiskOffering] = [:]
    var hosts: [String: HypervisorHost] = [:]
    var osTypes: [String: OsType] = [:]

    static func load(for vms: [VirtualMachine], from read: Store) async throws -> VirtualMachineReferences {
        var refs = VirtualMachineReferences()
        guard !vms.isEmpty else { return refs }
        let nics = try await read.all(Tables.nic, [.isIn(.vmId, vms.map(\.id)), .isNull(.removed)])
        refs.nics = Dictionary(grouping: nics, by: \.vmId).mapValues { $0.sorted { $0.deviceId < $1.deviceId } }
        refs.networks = try await rows(Tables.network, nics.map(\.networkId), read, idColumn: .id, id: \.id)
        refs.images = try await rows(Tables.template, vms.flatMap { [$0.templateId, $0.isoId].compactMap { $0 } }, read, idColumn: .id, id: \.id)
        refs.serviceOfferings = try await rows(Tables.serviceOffering, vms.map(\.serviceOfferingId), read, idColumn: .id, id: \.id)
        refs.diskOfferings = try await rows(Tables.diskOffering, vms.compactMap(\.diskOfferingId), read, idColumn: .id, id: \.id)
        refs.hosts = try await rows(Tables.host, vms.compactMap(\.hostId), read, idColumn: .id, id: \.id)
        refs.osTypes = try await rows(Tables.osType, vms.map(\.guestOsId), read, idColumn: .id, id: \.id)
        return refs
    }

    /// The rows of `table` with the given ids, by id.
    static func rows<E>(_ table: Table<E>, _ ids: [String], _ read: Store, idColumn: Column<E, String>, id: KeyPath<E, String>) async throws -> [String: E] {
        let unique = Array(Set(ids)).sorted()
        guard !unique.isEmpty else { return [:] }
        let found = try await read.all(table, [.isIn(idColumn, unique)], orderBy: idColumn)
        return Dictionary(found.map { ($0[keyPath: id], $0) }, uniquingKeysWith: { first, _ in first })
    }
}

extension VirtualMachine {
    /// The VM as CloudStack's `virtualmachine` object shows it to `viewer`. Hypervisor-side facts (instance
    /// name, host, pod) are for root administrators only; user data is never shown, and the password only
    /// when `includePassword` (the answer of the deployment that generated it).
    func apiObject(_ refs: VirtualMachineReferences, _ names: NameLookup, viewer: Caller, includePassword: Bool = false) async throws -> APIObject {
        let template = refs.images[templateId]
        let iso = isoId.flatMap { refs.images[$0] }
        let offering = refs.serviceOfferings[serviceOfferingId]
        let nics = refs.nics[id] ?? []
        var o = APIObject()
        o.set("id", id)
        o.set("name", name)
        o.set("displayname", displayName.isEmpty ? name : displayName)
        if viewer.isRootAdmin { o.set("instancename", instanceName) }
        o.set("account", try await names.account(accountId))
        o.set("domainid", domainId)
        o.set("domain", try await names.domain(domainId))
        o.set("domainpath", try await names.domainPath(domainId))
        o.set("created", APIDate.string(created))
        o.set("state", state.rawValue)
        o.set("haenable", haEnabled)
        if let group, !group.isEmpty { o.set("group", group) }
        o.set("zoneid", zoneId)
        o.set("zonename", try await names.zone(zoneId))
        if viewer.isRootAdmin {
            o.set("hostid", hostId)
            o.set("hostname", hostId.flatMap { refs.hosts[$0]?.name })
            o.set("podid", podId)
        }
        o.set("templateid", templateId)
        o.set("templatename", template?.name)
        o.set("templatedisplaytext", template?.displayText)
        o.set("templatetype", template?.templateType)
        o.set("templateformat", template?.format)
        o.set("passwordenabled", template?.passwordEnabled ?? false)
        if let isoId {
            o.set("isoid", isoId)
            o.set("isoname", iso?.name)
            o.set("isodisplaytext", iso?.displayText)
        }
        o.set("serviceofferingid", serviceOfferingId)
        o.set("serviceofferingname", offering?.name)
        if let diskOfferingId {
            o.set("diskofferingid", diskOfferingId)
            o.set("diskofferingname", refs.diskOfferings[diskOfferingId]?.name)
        }
        o.set("cpunumber", cpuNumber)
        o.set("cpuspeed", cpuSpeed)
        o.set("memory", memory)
        o.set("guestosid", guestOsId)
        o.set("ostypeid", guestOsId)
        o.set("osdisplayname", refs.osTypes[guestOsId]?.description)
        o.set("rootdeviceid", 0)
        o.set("rootdevicetype", "ROOT")
        o.set("securitygroup", .array([]))
        if includePassword { o.set("password", password) }
        o.set("nic", objects: nics.map { $0.apiObject(network: refs.networks[$0.networkId]) })
        o.set("hypervisor", "KVM")
        o.set("ipaddress", (nics.first { $0.isDefault } ?? nics.first)?.ipAddress)
        o.set("details", .map(detailMap))
        if !keypairNames.isEmpty { o.set("keypairs", keypairNames.joined(separator: ",")) }
        o.set("affinitygroup", .array([]))
        if viewer.isRootAdmin { o.set("displayvm", true) }
        o.set("isdynamicallyscalable", false)
        o.set("deleteprotection", false)
        o.set("tags", .array([]))
        o.set("hasannotations", false)
        return o
    }

    /// `details` as a string map; values that are not strings in the stored JSON are printed as text.
    var detailMap: [String: String] {
        guard let object = try? JSONSerialization.jsonObject(with: Data(details.utf8)) as? [String: Any] else { return [:] }
        return object.mapValues { value in (value as? String) ?? "\(value)" }
    }
}

extension Nic {
    /// One entry of a VM's `nic` list; `network` supplies the name and guest type.
    func apiObject(network: Network?) -> APIObject {
        var o = APIObject()
        o.set("id", id)
        o.set("networkid", networkId)
        o.set("networkname", network?.name)
        o.set("netmask", netmask)
        o.set("gateway", gateway)
        o.set("ipaddress", ipAddress)
        o.set("isolationuri", broadcastUri)
        o.set("broadcasturi", broadcastUri)
        o.set("traffictype", network?.trafficType ?? "Guest")
        o.set("type", network?.guestType)
        o.set("isdefault", isDefault)
        o.set("macaddress", macAddress)
        o.set("deviceid", String(deviceId))
        o.set("secondaryip", .array([]))
        o.set("extradhcpoption", .array([]))
        return o
    }
}
