import DomainModel
import Foundation
import Persistence

/// The changeable fields of a physical network, as `createPhysicalNetwork` and `updatePhysicalNetwork` pass them.
public struct PhysicalNetworkChanges: Sendable {
    public var name: String?
    public var vlan: String?
    public var networkSpeed: String?
    public var tags: [String]?
    public var isolationMethods: [String]?
    public var broadcastDomainRange: String?
    public var state: String?

    public init() {}
}

extension NetworkService {
    /// The isolation methods a physical network may name, in CloudStack's spelling.
    static let isolationMethods = ["VLAN", "VXLAN", "GRE", "STT", "L3", "BCF_SEGMENT", "MIDO", "SSP", "ODL", "VSP", "VCS", "TF", "NSX"]

    /// Creates a Disabled physical network in the zone; `updatePhysicalNetwork state=Enabled` turns it on.
    public func createPhysicalNetwork(zoneId: String, _ changes: PhysicalNetworkChanges, domainId: String?, by initiator: Initiator) async throws -> PhysicalNetwork {
        guard let name = Self.given(changes.name) else {
            throw DomainError.invalidParameter("Physical network name can not be empty")
        }
        return try await db.transaction { store in
            guard let zone = try await store.find(Tables.zone, id: zoneId) else {
                throw DomainError.notFound(kind: "zone", id: zoneId, parameter: "zoneid")
            }
            if let domainId, try await store.find(Tables.domain, id: domainId) == nil {
                throw DomainError.notFound(kind: "domain", id: domainId, parameter: "domainid")
            }
            var network = PhysicalNetwork(
                id: ResourceID.make(), name: name, zoneId: zone.id,
                broadcastDomainRange: zone.networkType == .advanced ? "ZONE" : "POD", domainId: domainId)
            try Self.apply(changes, to: &network, zone: zone)
            try await store.insert(network, into: Tables.physicalNetwork)
            try await events.record(
                "PHYSICAL.NETWORK.CREATE", "Created physical network \(network.name) in zone \(zone.name)",
                by: initiator, resourceId: network.id, resourceType: "PhysicalNetwork", in: store)
            return network
        }
    }

    public func updatePhysicalNetwork(id: String, _ changes: PhysicalNetworkChanges, by initiator: Initiator) async throws -> PhysicalNetwork {
        try await db.transaction { store in
            var network = try await physicalNetwork(id, in: store)
            guard let zone = try await store.find(Tables.zone, id: network.zoneId) else {
                throw DomainError.notFound(kind: "zone", id: network.zoneId, parameter: "zoneid")
            }
            let before = network.state
            try Self.apply(changes, to: &network, zone: zone)
            try await store.replace(network, in: Tables.physicalNetwork, id: id)
            let what = before == network.state ? "Updated" : network.state == .enabled ? "Enabled" : "Disabled"
            try await events.record(
                "PHYSICAL.NETWORK.UPDATE", "\(what) physical network \(network.name)",
                by: initiator, resourceId: id, resourceType: "PhysicalNetwork", in: store)
            return network
        }
    }

    /// Removes a physical network and its traffic types; refused while guest networks or IP ranges use it.
    public func deletePhysicalNetwork(id: String, by initiator: Initiator) async throws {
        try await db.transaction { store in
            let network = try await physicalNetwork(id, in: store)
            let users = try await store.all(Tables.network, [.equals(.physicalNetworkId, id), .isNull(.removed)])
            if !users.isEmpty {
                let names = users.map(\.name).joined(separator: ", ")
                throw DomainError.inUse("The physical network \(network.name) is not deletable because guest networks use it: \(names)")
            }
            if try await store.exists(Tables.vlanIpRange, [.equals(.physicalNetworkId, id)]) {
                throw DomainError.inUse("The physical network \(network.name) is not deletable because there are IP ranges on it")
            }
            try await store.delete(from: Tables.trafficType, [.equals(.physicalNetworkId, id)])
            try await store.delete(from: Tables.physicalNetwork, id: id)
            try await events.record(
                "PHYSICAL.NETWORK.DELETE", "Deleted physical network \(network.name)",
                by: initiator, resourceId: id, resourceType: "PhysicalNetwork", in: store)
        }
    }

    /// Adds a traffic type (Guest, Management, Public or Storage) to a physical network, at most once each.
    public func addTrafficType(physicalNetworkId: String, type: String, kvmNetworkLabel: String?, by initiator: Initiator) async throws -> TrafficType {
        guard let kind = TrafficType.kind(type) else {
            throw DomainError.invalidParameter("Invalid traffic type \(type); use one of \(TrafficType.kinds.joined(separator: ", "))")
        }
        return try await db.transaction { store in
            let network = try await physicalNetwork(physicalNetworkId, in: store)
            if try await store.exists(Tables.trafficType, [.equals(.physicalNetworkId, network.id), .equals(.trafficType, kind)]) {
                throw DomainError.invalidParameter("The physical network \(network.name) already carries \(kind) traffic")
            }
            let traffic = TrafficType(id: ResourceID.make(), physicalNetworkId: network.id, trafficType: kind, kvmNetworkLabel: Self.given(kvmNetworkLabel))
            try await store.insert(traffic, into: Tables.trafficType)
            try await events.record(
                "TRAFFIC.TYPE.CREATE", "Added \(kind) traffic to physical network \(network.name)",
                by: initiator, resourceId: traffic.id, resourceType: "TrafficType", in: store)
            return traffic
        }
    }

    /// Removes a traffic type; Guest traffic is kept while guest networks use the physical network, Public
    /// traffic while public IP ranges are on it.
    public func deleteTrafficType(id: String, by initiator: Initiator) async throws {
        try await db.transaction { store in
            guard let traffic = try await store.find(Tables.trafficType, id: id) else {
                throw DomainError.notFound(kind: "traffic type", id: id, parameter: "id")
            }
            let network = try await physicalNetwork(traffic.physicalNetworkId, in: store)
            if traffic.trafficType == "Guest",
               try await store.exists(Tables.network, [.equals(.physicalNetworkId, network.id), .isNull(.removed)]) {
                throw DomainError.inUse("The Guest traffic of physical network \(network.name) can not be removed while guest networks use it")
            }
            if traffic.trafficType == "Public",
               try await store.exists(Tables.vlanIpRange, [.equals(.physicalNetworkId, network.id), .equals(.forVirtualNetwork, true)]) {
                throw DomainError.inUse("The Public traffic of physical network \(network.name) can not be removed while public IP ranges are on it")
            }
            try await store.delete(from: Tables.trafficType, id: id)
            try await events.record(
                "TRAFFIC.TYPE.DELETE", "Removed \(traffic.trafficType) traffic from physical network \(network.name)",
                by: initiator, resourceId: id, resourceType: "TrafficType", in: store)
        }
    }

    func physicalNetwork(_ id: String, in store: Store) async throws -> PhysicalNetwork {
        guard let network = try await store.find(Tables.physicalNetwork, id: id) else {
            throw DomainError.notFound(kind: "physical network", id: id, parameter: "id")
        }
        return network
    }

    static func apply(_ c: PhysicalNetworkChanges, to network: inout PhysicalNetwork, zone: Zone) throws {
        if let name = c.name {
            guard let trimmed = given(name) else { throw DomainError.invalidParameter("Physical network name can not be empty") }
            network.name = trimmed
        }
        if let vlan = c.vlan {
            network.vlan = try given(vlan).map { try VlanRanges($0).description }
        }
        if let speed = c.networkSpeed { network.networkSpeed = given(speed) }
        if let tags = c.tags {
            let kept = tags.compactMap(given)
            network.tags = kept.isEmpty ? nil : kept.joined(separator: ",")
        }
        if let methods = c.isolationMethods {
            let named = methods.compactMap(given)
            guard named.count <= 1 else {
                throw DomainError.invalidParameter("Only one isolation method can be given for a physical network")
            }
            if let method = named.first {
                guard let known = isolationMethods.first(where: { $0.lowercased() == method.lowercased() }) else {
                    throw DomainError.invalidParameter("Invalid isolation method \(method); use one of \(isolationMethods.joined(separator: ", "))")
                }
                network.isolationMethods = known
            } else {
                network.isolationMethods = nil
            }
        }
        if let range = given(c.broadcastDomainRange) {
            guard ["ZONE", "POD"].contains(range.uppercased()) else {
                throw DomainError.invalidParameter("Invalid broadcast domain range \(range); use ZONE or POD")
            }
            guard zone.networkType == .basic || range.uppercased() == "ZONE" else {
                throw DomainError.invalidParameter("The broadcast domain range of a physical network in an Advanced zone can only be ZONE")
            }
            network.broadcastDomainRange = range.uppercased()
        }
        if let state = given(c.state) {
            guard let parsed = AllocationState(api: state) else {
                throw DomainError.invalidParameter("Invalid state \(state); use Enabled or Disabled")
            }
            network.state = parsed
        }
    }
}
