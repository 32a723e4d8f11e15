import DomainModel
import Foundation
import Persistence

/// The changeable fields of a zone, as `createZone` and `updateZone` pass them.
public struct ZoneChanges: Sendable {
    public var name: String?
    public var description: String?
    public var dns1: String?
    public var dns2: String?
    public var internalDns1: String?
    public var internalDns2: String?
    public var ip6Dns1: String?
    public var ip6Dns2: String?
    public var guestCidr: String?
    public var networkDomain: String?
    public var allocationState: String?

    public init() {}
}

extension InventoryService {
    public func createZone(_ changes: ZoneChanges, networkType: String, domainId: String?, securityGroups: Bool, localStorage: Bool, isEdge: Bool, by initiator: Initiator) async throws -> Zone {
        guard let type = ZoneNetworkType(api: networkType) else {
            throw DomainError.invalidParameter("Invalid zone type; only Advanced and Basic values are supported")
        }
        guard let name = changes.name, let dns1 = changes.dns1, let internalDns1 = changes.internalDns1 else {
            throw DomainError.invalidParameter("name, dns1 and internaldns1 are required")
        }
        var zone = Zone(id: ResourceID.make(), name: name, networkType: type, dns1: dns1, internalDns1: internalDns1,
                        domainId: domainId, securityGroupsEnabled: securityGroups || type == .basic && securityGroups,
                        localStorageEnabled: localStorage, isEdge: isEdge)
        try apply(changes, to: &zone)
        if let domainId, try await db.read.find(Tables.domain, id: domainId) == nil {
            throw DomainError.notFound(kind: "domain", id: domainId, parameter: "domainid")
        }
        let created = zone
        try await db.transaction { store in
            guard try await !store.exists(Tables.zone, [.equals(.name, created.name)]) else {
                throw DomainError.invalidParameter("A zone with name \(created.name) already exists")
            }
            try await store.insert(created, into: Tables.zone)
            try await events.record("ZONE.CREATE", "Created zone \(created.name)", by: initiator, resourceId: created.id, resourceType: "Zone", in: store)
        }
        return created
    }

    public func updateZone(id: String, _ changes: ZoneChanges, by initiator: Initiator) async throws -> Zone {
        try await db.transaction { store in
            guard var zone = try await store.find(Tables.zone, id: id) else {
                throw DomainError.notFound(kind: "zone", id: id, parameter: "id")
            }
            try apply(changes, to: &zone)
            if let name = changes.name, try await store.exists(Tables.zone, [.equals(.name, name), .notEquals(.id, id)]) {
                throw DomainError.invalidParameter("A zone with name \(name) already exists")
            }
            try await store.replace(zone, in: Tables.zone, id: id)
            try await events.record("ZONE.EDIT", "Updated zone \(zone.name)", by: initiator, resourceId: id, resourceType: "Zone", in: store)
            return zone
        }
    }

    public func deleteZone(id: String, by initiator: Initiator) async throws {
        try await db.transaction { store in
            guard let zone = try await store.find(Tables.zone, id: id) else {
                throw DomainError.notFound(kind: "zone", id: id, parameter: "id")
            }
            try await Self.refuseDeletionWhileUsed("zone", id: id, by: [
                Dependent("pods") { try await $1.exists(Tables.pod, [.equals(.zoneId, $0)]) },
                Dependent("physical networks") { try await $1.exists(Tables.physicalNetwork, [.equals(.zoneId, $0)]) },
                Dependent("primary storage pools") { try await $1.exists(Tables.storagePool, [.equals(.zoneId, $0)]) },
                Dependent("image stores") { try await $1.exists(Tables.imageStore, [.equals(.zoneId, $0)]) },
                Dependent("guest networks") { try await $1.exists(Tables.network, [.equals(.zoneId, $0), .isNull(.removed)]) },
            ], in: store)
            try await store.delete(from: Tables.zone, id: id)
            try await events.record("ZONE.DELETE", "Deleted zone \(zone.name)", by: initiator, resourceId: id, resourceType: "Zone", in: store)
        }
    }

    func apply(_ c: ZoneChanges, to zone: inout Zone) throws {
        for (value, parameter) in [(c.dns1, "dns1"), (c.dns2, "dns2"), (c.internalDns1, "internaldns1"), (c.internalDns2, "internaldns2")] {
            if let value, !value.isEmpty { _ = try Self.address(value, parameter) }
        }
        if let cidr = c.guestCidr, !cidr.isEmpty, IPv4Subnet(cidr: cidr) == nil {
            throw DomainError.invalidParameter("Please specify a valid guest cidr: \(cidr)")
        }
        if let name = c.name {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw DomainError.invalidParameter("Zone name can not be empty") }
            zone.name = name
        }
        if let v = c.description { zone.description = v }
        if let v = c.dns1 { zone.dns1 = v }
        if let v = c.dns2 { zone.dns2 = v.isEmpty ? nil : v }
        if let v = c.internalDns1 { zone.internalDns1 = v }
        if let v = c.internalDns2 { zone.internalDns2 = v.isEmpty ? nil : v }
        if let v = c.ip6Dns1 { zone.ip6Dns1 = v }
        if let v = c.ip6Dns2 { zone.ip6Dns2 = v }
        if let v = c.guestCidr { zone.guestCidr = v.isEmpty ? nil : v }
        if let v = c.networkDomain { zone.networkDomain = v.isEmpty ? nil : v }
        if let v = c.allocationState {
            guard let state = AllocationState(api: v) else {
                throw DomainError.invalidParameter("Invalid allocation state \(v); use Enabled or Disabled")
            }
            zone.allocationState = state
        }
    }
}
