import DomainModel
import Foundation
import Persistence

/// A deployment request with every reference resolved and checked: what `DeploymentPreparation` records.
struct DeploymentChoices: Sendable {
    var zone: Zone
    var offering: ServiceOffering
    var cpuNumber: Int
    var cpuSpeed: Int
    var memory: Int
    var template: Template
    var diskOffering: DiskOffering?
    /// The ROOT disk's virtual size.
    var rootBytes: Int64
    /// A DATA disk created with a template deployment, when a disk offering was given.
    var dataBytes: Int64?
    /// Guest networks in NIC order.
    var networks: [Network]
    var hostName: String
    var displayName: String
    var keypairs: [String]
}

extension InstanceService {
    /// Resolves and checks every reference of `request` for `owner`; throws the first problem as a 431.
    func choices(for request: DeploymentRequest, owner: Account, by initiator: Initiator) async throws -> DeploymentChoices {
        let read = db.read
        guard let zone = try await read.find(Tables.zone, id: request.zoneId) else {
            throw DomainError.notFound(kind: "zone", id: request.zoneId, parameter: "zoneid")
        }
        if zone.allocationState != .enabled, try await read.find(Tables.account, id: initiator.accountId)?.type != .rootAdmin {
            throw DomainError.permissionDenied("Zone \(zone.name) is disabled; only a root administrator can deploy VMs in it")
        }
        guard let offering = try await read.find(Tables.serviceOffering, id: request.serviceOfferingId), offering.removed == nil else {
            throw DomainError.notFound(kind: "service offering", id: request.serviceOfferingId, parameter: "serviceofferingid")
        }
        let (cpuNumber, cpuSpeed, memory) = try Self.computeFigures(offering, details: request.details)
        let template = try await usableTemplate(request.templateId, owner: owner, zone: zone)
        let (diskOffering, rootBytes, dataBytes) = try await disks(for: request, template: template, zone: zone)
        let networks = try await guestNetworks(request.networkIds, owner: owner, zone: zone)
        for address in [request.ipAddress].compactMap({ $0 }) + Array(request.ipToNetwork.values) where IPv4Address(address) == nil {
            throw DomainError.invalidParameter("\(address) is not a valid IPv4 address")
        }
        for networkId in request.ipToNetwork.keys where !networks.contains(where: { $0.id == networkId }) {
            throw DomainError.invalidParameter("iptonetworklist names network \(networkId), which is not among the VM's networks")
        }
        let hostName = request.name?.trimmingCharacters(in: .whitespaces) ?? ""
        if !hostName.isEmpty {
            try VirtualMachineNames.checkHostName(hostName)
            if try await read.exists(Tables.vmInstance, [.equals(.accountId, owner.id), .equals(.name, hostName), .isNull(.removed)]) {
                throw DomainError.invalidParameter("A VM named \(hostName) already exists in account \(owner.name); choose another name")
            }
        }
        let keypairs = request.keypairs.map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        if !keypairs.isEmpty { _ = try await sshKeyPairs.publicKeys(names: keypairs, accountId: owner.id) }
        if let userData = request.userData {
            try Self.checkUserData(userData)
        }
        return DeploymentChoices(
            zone: zone, offering: offering, cpuNumber: cpuNumber, cpuSpeed: cpuSpeed, memory: memory, template: template,
            diskOffering: diskOffering, rootBytes: rootBytes, dataBytes: dataBytes, networks: networks,
            hostName: hostName, displayName: request.displayName ?? hostName, keypairs: keypairs)
    }

    /// vCPUs, MHz per vCPU and MiB of an offering; a custom offering takes them from `details`
    /// (`cpuNumber`, `cpuSpeed`, `memory`) within its bounds.
    static func computeFigures(_ offering: ServiceOffering, details: [String: String]) throws -> (Int, Int, Int) {
        func detail(_ key: String) throws -> Int? {
            guard let text = details.first(where: { $0.key.caseInsensitiveCompare(key) == .orderedSame })?.value else { return nil }
            guard let value = Int(text), value > 0 else { throw DomainError.invalidParameter("details \(key)=\(text) must be a positive whole number") }
            return value
        }
        let cpuNumber = try offering.cpuNumber ?? detail("cpuNumber")
        let cpuSpeed = try offering.cpuSpeed ?? detail("cpuSpeed")
        let memory = try offering.memory ?? detail("memory")
        guard let cpuNumber, let cpuSpeed, let memory else {
            throw DomainError.invalidParameter(
                "Service offering \(offering.name) is customised: give cpuNumber, cpuSpeed and memory in details")
        }
        if let low = offering.minCpuNumber, cpuNumber < low { throw DomainError.invalidParameter("cpuNumber \(cpuNumber) is below the offering's minimum \(low)") }
        if let high = offering.maxCpuNumber, cpuNumber > high { throw DomainError.invalidParameter("cpuNumber \(cpuNumber) is above the offering's maximum \(high)") }
        if let low = offering.minMemory, memory < low { throw DomainError.invalidParameter("memory \(memory) MB is below the offering's minimum \(low) MB") }
        if let high = offering.maxMemory, memory > high { throw DomainError.invalidParameter("memory \(memory) MB is above the offering's maximum \(high) MB") }
        return (cpuNumber, cpuSpeed, memory)
    }

    /// A template or ISO the owner may use, ready in `zone` and bootable.
    func usableTemplate(_ id: String, owner: Account, zone: Zone) async throws -> Template {
        guard let template = try await db.read.find(Tables.template, id: id), template.removed == nil,
              try await mayUse(template, owner: owner) else {
            throw DomainError.notFound(kind: "template", id: id, parameter: "templateid")
        }
        guard template.bootable else {
            throw DomainError.invalidParameter("\(template.kindName) \(template.name) is not bootable; a VM cannot be deployed from it")
        }
        _ = try await imageLocations.readyReference(of: template, inZone: zone)
        return template
    }

    /// Public images, the owner's own, and those shared with the owner.
    func mayUse(_ template: Template, owner: Account) async throws -> Bool {
        if template.isPublic || template.accountId == owner.id || owner.type == .rootAdmin { return true }
        return try await db.read.exists(Tables.templatePermission, [.equals(.templateId, template.id), .equals(.accountId, owner.id)])
    }

    /// The disk offering and the sizes of the ROOT disk and of a DATA disk made with the VM.
    func disks(for request: DeploymentRequest, template: Template, zone: Zone) async throws -> (DiskOffering?, Int64, Int64?) {
        var diskOffering: DiskOffering?
        var offeringBytes: Int64?
        if let id = request.diskOfferingId {
            guard let found = try await db.read.find(Tables.diskOffering, id: id), found.removed == nil else {
                throw DomainError.notFound(kind: "disk offering", id: id, parameter: "diskofferingid")
            }
            diskOffering = found
            if found.isCustomized {
                guard let size = request.sizeGB, size > 0 else {
                    throw DomainError.invalidParameter("Disk offering \(found.name) has a custom size: give size in GB")
                }
                offeringBytes = size * CapacityUnits.gibibyte
            } else {
                offeringBytes = found.diskSize * CapacityUnits.gibibyte
            }
        }
        let requestedRoot = try request.rootDiskSizeGB.map { size -> Int64 in
            guard size > 0 else { throw DomainError.invalidParameter("rootdisksize must be a positive number of GB") }
            return size * CapacityUnits.gibibyte
        }
        if template.isIso {
            guard let offeringBytes else {
                throw DomainError.invalidParameter(
                    "A disk offering (diskofferingid) is required to deploy from ISO \(template.name): it sizes the blank root disk")
            }
            return (diskOffering, requestedRoot ?? offeringBytes, nil)
        }
        let templateBytes = try await imageLocations.readyReference(of: template, inZone: zone).size
        if let requestedRoot, requestedRoot < templateBytes {
            throw DomainError.invalidParameter(
                "rootdisksize \(CapacityUnits.size(requestedRoot)) is smaller than template \(template.name) (\(CapacityUnits.size(templateBytes)))")
        }
        return (diskOffering, max(requestedRoot ?? 0, templateBytes), offeringBytes)
    }

    /// The networks named (in order), or the zone's only guest network the owner may use.
    func guestNetworks(_ ids: [String], owner: Account, zone: Zone) async throws -> [Network] {
        var networks: [Network] = []
        for id in ids {
            guard let network = try await db.read.find(Tables.network, id: id), network.removed == nil, mayUse(network, owner: owner) else {
                throw DomainError.notFound(kind: "network", id: id, parameter: "networkids")
            }
            guard network.zoneId == zone.id else {
                throw DomainError.invalidParameter("Network \(network.name) is not in zone \(zone.name)")
            }
            guard !networks.contains(where: { $0.id == id }) else {
                throw DomainError.invalidParameter("Network \(network.name) is named twice in networkids")
            }
            networks.append(network)
        }
        if !networks.isEmpty { return networks }
        let usable = try await db.read.all(Tables.network, [.equals(.zoneId, zone.id), .isNull(.removed), .equals(.trafficType, "Guest")])
            .filter { mayUse($0, owner: owner) }
        guard usable.count == 1 else {
            throw DomainError.invalidParameter(usable.isEmpty
                ? "Zone \(zone.name) has no guest network the account \(owner.name) may use; create one first"
                : "Zone \(zone.name) has \(usable.count) guest networks the account may use: choose with networkids")
        }
        return usable
    }

    /// Shared networks of the owner's domain tree (Domain ACL) and the owner's own networks.
    func mayUse(_ network: Network, owner: Account) -> Bool {
        network.aclType == "Domain" || network.accountId == owner.id || owner.type == .rootAdmin
    }

    /// User data must be base64 text of at most 32 KiB decoded.
    static func checkUserData(_ text: String) throws {
        let drive = ConfigDrive(uuid: "", name: "", hostName: "", availabilityZone: "", userData: text, interfaces: [])
        let decoded: String?
        do {
            decoded = try drive.decodedUserData()
        } catch {
            throw DomainError.invalidParameter("userdata must be base64-encoded text: \(error)")
        }
        if let decoded, decoded.utf8.count > 32_768 {
            throw DomainError.invalidParameter("userdata is \(decoded.utf8.count) bytes decoded; at most 32768 are allowed")
        }
    }
}

extension InstanceService {
    /// Pins must name a host, pod or cluster of the deployment's zone.
    func checkPins(_ request: DeploymentRequest) async throws {
        if let id = request.hostId {
            guard let host = try await db.read.find(Tables.host, id: id), host.removed == nil else {
                throw DomainError.notFound(kind: "host", id: id, parameter: "hostid")
            }
            guard host.zoneId == request.zoneId else { throw DomainError.invalidParameter("Host \(host.name) is not in the requested zone") }
        }
        if let id = request.podId {
            guard let pod = try await db.read.find(Tables.pod, id: id) else { throw DomainError.notFound(kind: "pod", id: id, parameter: "podid") }
            guard pod.zoneId == request.zoneId else { throw DomainError.invalidParameter("Pod \(pod.name) is not in the requested zone") }
        }
        if let id = request.clusterId {
            guard let cluster = try await db.read.find(Tables.cluster, id: id) else {
                throw DomainError.notFound(kind: "cluster", id: id, parameter: "clusterid")
            }
            guard cluster.zoneId == request.zoneId else { throw DomainError.invalidParameter("Cluster \(cluster.name) is not in the requested zone") }
        }
    }
}
