import APIModel
import DomainModel
import Foundation
import Orchestration

/// Turns `deployVirtualMachine`'s parameters into a `DeploymentRequest`. Parameters real clients send that
/// change nothing on KVM are accepted and ignored; ones Cumulo cannot honour are refused rather than dropped.
enum DeployParameters {
    static func request(_ ctx: CommandContext) throws -> DeploymentRequest {
        try ComputeAccess.refuseProject(ctx)
        try checkHypervisorAndBoot(ctx)
        let details = try detailMap(ctx, "details")
        let networks = try networks(ctx)
        var request = DeploymentRequest(
            zoneId: try ctx.required("zoneid"), serviceOfferingId: try ctx.required("serviceofferingid"),
            templateId: try ctx.required("templateid"))
        request.diskOfferingId = ctx.nonEmpty("diskofferingid")
        request.sizeGB = try ctx.int64("size")
        if let fromDetails = details["rootdisksize"] {
            guard let size = Int64(fromDetails.trimmingCharacters(in: .whitespaces)) else {
                throw APIError.invalidParameter("Invalid value \(fromDetails) for details rootdisksize: a size in GiB is expected")
            }
            request.rootDiskSizeGB = size
        } else {
            request.rootDiskSizeGB = try ctx.int64("rootdisksize")
        }
        request.networkIds = networks.ids
        request.ipToNetwork = networks.addresses
        request.ipAddress = ctx.nonEmpty("ipaddress")
        request.name = ctx.nonEmpty("name")
        request.displayName = ctx.nonEmpty("displayname")
        request.group = ctx.nonEmpty("group")
        request.keypairs = keypairs(ctx)
        request.userData = ctx.nonEmpty("userdata")
        request.startVM = ctx.bool("startvm") ?? true
        request.hostId = ctx.nonEmpty("hostid")
        request.podId = ctx.nonEmpty("podid")
        request.clusterId = ctx.nonEmpty("clusterid")
        request.details = details
        return request
    }

    /// Only KVM, BIOS boot and legacy boot mode exist here; naming anything else is an error, naming these is fine.
    static func checkHypervisorAndBoot(_ ctx: CommandContext) throws {
        if let hypervisor = ctx.nonEmpty("hypervisor"), hypervisor.lowercased() != "kvm" {
            throw APIError.invalidParameter("Hypervisor \(hypervisor) is not supported; Cumulo deploys on KVM only")
        }
        if let bootType = ctx.nonEmpty("boottype"), bootType.uppercased() != "BIOS" {
            throw APIError.invalidParameter("Boot type \(bootType) is not supported; Cumulo boots guests with BIOS")
        }
        if let bootMode = ctx.nonEmpty("bootmode"), bootMode.uppercased() != "LEGACY" {
            throw APIError.invalidParameter("Boot mode \(bootMode) is not supported; Cumulo boots guests in legacy mode")
        }
    }

    /// The guest networks in NIC order and the chosen addresses per network, from `networkids` or from
    /// `iptonetworklist` (`iptonetworklist[i].networkid`, optional `.ip`), which excludes `networkids` and `ipaddress`.
    static func networks(_ ctx: CommandContext) throws -> (ids: [String], addresses: [String: String]) {
        let entries = try ctx.params.map("iptonetworklist", command: ctx.descriptor.name)
            .map { entry in Dictionary(entry.map { ($0.key.lowercased(), $0.value) }, uniquingKeysWith: { _, last in last }) }
        guard !entries.isEmpty else { return (ctx.list("networkids") ?? [], [:]) }
        if ctx.list("networkids") != nil || ctx.nonEmpty("ipaddress") != nil {
            throw APIError.invalidParameter("iptonetworklist cannot be given together with networkids or ipaddress")
        }
        var ids: [String] = []
        var addresses: [String: String] = [:]
        for entry in entries {
            guard let networkId = entry["networkid"]?.trimmingCharacters(in: .whitespaces), !networkId.isEmpty else {
                throw APIError.invalidParameter("Every iptonetworklist entry needs a networkid")
            }
            guard ResourceID.isWellFormed(networkId) else {
                throw APIError.invalidParameter("Unable to find a network with id \(networkId) from iptonetworklist")
            }
            guard !ids.contains(networkId) else {
                throw APIError.invalidParameter("Network \(networkId) appears more than once in iptonetworklist")
            }
            for unsupported in ["ipv6", "mac"] where !(entry[unsupported] ?? "").isEmpty {
                throw APIError.invalidParameter("Cumulo does not support iptonetworklist \(unsupported) yet")
            }
            ids.append(networkId)
            if let ip = entry["ip"]?.trimmingCharacters(in: .whitespaces), !ip.isEmpty { addresses[networkId] = ip }
        }
        return (ids, addresses)
    }

    /// A `details` map as CloudStack reads it for VMs: every `details[i].<name>=<value>` is one entry, so one index
    /// may carry several. An index holding exactly `key` and `value` is read as that pair, the form other maps use.
    static func detailMap(_ ctx: CommandContext, _ name: String) throws -> [String: String] {
        var details: [String: String] = [:]
        for entry in try ctx.params.map(name, command: ctx.descriptor.name) {
            if Set(entry.keys) == ["key", "value"], let key = entry["key"], let value = entry["value"] {
                details[key] = value
            } else {
                details.merge(entry) { _, last in last }
            }
        }
        if details.keys.contains(where: { $0.lowercased().hasPrefix("extraconfig") }) {
            throw APIError.invalidParameter("extraconfig cannot be passed in \(name)")
        }
        return details
    }

    /// The key pair names of `keypairs` followed by `keypair`, each once, in the order given.
    static func keypairs(_ ctx: CommandContext) -> [String] {
        var names = ctx.list("keypairs") ?? []
        if let one = ctx.nonEmpty("keypair") { names.append(one) }
        var seen: Set<String> = []
        return names.filter { seen.insert($0).inserted }
    }
}

extension CommandContext {
    /// A string parameter, trimmed, or nil when it is absent or blank.
    func nonEmpty(_ name: String) -> String? {
        guard let value = string(name)?.trimmingCharacters(in: .whitespaces), !value.isEmpty else { return nil }
        return value
    }
}
