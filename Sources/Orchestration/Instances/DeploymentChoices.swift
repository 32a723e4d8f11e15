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

extension DeploymentPreparation {
    /// Resolves and checks every reference of `request` for `owner`; throws the first problem as a 431.
    func choices(for request: DeploymentRequest, owner: Account, by initiator: Initiator) async throws -> DeploymentChoices {
        let read = db.read
        guard let zone = try await read.find(Tables.zone, id: request.zoneId) else {
            throw DomainError.notFound(kind: "zone", id: request.zoneId, parameter: "zoneid")
        }
        if zone.allocationState != .enabled, try await read.find(Tables.account, id: initiator.accountId)?.type != .rootAdmin {
            throw DomainError.permissionDenied("Zone \(zone.name) is disabled; only a root administrator can deploy VMs in it")
        }
        let place = try await OwnerPlace(owner: owner, zone: zone, read: read)
        guard let offering = try await read.find(Tables.serviceOffering, id: request.serviceOfferingId), offering.removed == nil,
              place.mayUse(offering) else {
            throw DomainError.notFound(kind: "service offering", id: request.serviceOfferingId, parameter: "serviceofferingid")
        }
        let (cpuNumber, cpuSpeed, memory) = try DeploymentRules.computeFigures(offering, details: request.details)
        let template = try await usableTemplate(request.templateId, owner: owner, zone: zone)
        let (diskOffering, rootBytes, dataBytes) = try await disks(for: request, template: template, place: place)
        let networks = try await usableNetworks(request.networkIds, place: place)
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
            try DeploymentRules.checkUserData(userData)
        }
        return DeploymentChoices(
            zone: zone, offering: offering, cpuNumber: cpuNumber, cpuSpeed: cpuSpeed, memory: memory, template: template,
            diskOffering: diskOffering, rootBytes: rootBytes, dataBytes: dataBytes, networks: networks,
            hostName: hostName, displayName: request.displayName ?? hostName, keypairs: keypairs)
    }

    /// A template or ISO the owner may use, ready in `zone` and bootable.
    func usableTemplate(_ id: String, owner: Account, zone: Zone) async throws -> Template {
        guard let template = try await db.read.find(Tables.template, id: id), template.removed == nil,
              try await ImagePermissions.mayUse(template, owner: owner, in: db.read) else {
            throw DomainError.notFound(kind: "template", id: id, parameter: "templateid")
        }
        guard template.bootable else {
            throw DomainError.invalidParameter("\(template.kindName) \(template.name) is not bootable; a VM cannot be deployed from it")
        }
        _ = try await imageLocations.readyReference(of: template, inZone: zone)
        return template
    }

    /// The disk offering and the sizes of the ROOT disk and of a DATA disk made with the VM.
    func disks(for request: DeploymentRequest, template: Template, place: OwnerPlace) async throws -> (DiskOffering?, Int64, Int64?) {
        let zone = place.zone
        var diskOffering: DiskOffering?
        var offeringBytes: Int64?
        if let id = request.diskOfferingId {
            guard let found = try await db.read.find(Tables.diskOffering, id: id), found.removed == nil, place.mayUse(found) else {
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
    func usableNetworks(_ ids: [String], place: OwnerPlace) async throws -> [Network] {
        let (owner, zone) = (place.owner, place.zone)
        var networks: [Network] = []
        for id in ids {
            guard let network = try await db.read.find(Tables.network, id: id), network.removed == nil, place.mayUse(network) else {
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
            .filter { place.mayUse($0) }
        guard usable.count == 1 else {
            throw DomainError.invalidParameter(usable.isEmpty
                ? "Zone \(zone.name) has no guest network the account \(owner.name) may use; create one first"
                : "Zone \(zone.name) has \(usable.count) guest networks the account may use: choose with networkids")
        }
        return usable
    }
}

extension DeploymentPreparation {
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
