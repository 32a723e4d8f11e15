import DomainModel
import Foundation
import Persistence

/// The changeable fields of a pod, as `createPod` and `updatePod` pass them.
public struct PodChanges: Sendable {
    public var name: String?
    public var gateway: String?
    public var netmask: String?
    public var startIp: String?
    public var endIp: String?
    public var allocationState: String?

    public init() {}
}

extension InventoryService {
    public func createPod(zoneId: String, _ changes: PodChanges, by initiator: Initiator) async throws -> Pod {
        guard let name = changes.name, let gateway = changes.gateway, let netmask = changes.netmask else {
            throw DomainError.invalidParameter("name, gateway and netmask are required to create a pod")
        }
        var pod = Pod(id: ResourceID.make(), name: name, zoneId: zoneId, gateway: gateway, netmask: netmask)
        try apply(changes, to: &pod)
        let range = try Self.checkAddressing(of: pod)
        let created = pod
        try await db.transaction { store in
            guard let zone = try await store.find(Tables.zone, id: zoneId) else {
                throw DomainError.notFound(kind: "zone", id: zoneId, parameter: "zoneid")
            }
            try await checkPodName(created, zone: zone, in: store)
            try await checkPodRangeIsFree(created, range: range, in: store)
            try await store.insert(created, into: Tables.pod)
            try await events.record("POD.CREATE", "Created pod \(created.name) in zone \(zone.name)", by: initiator, resourceId: created.id, resourceType: "Pod", in: store)
        }
        return created
    }

    public func updatePod(id: String, _ changes: PodChanges, by initiator: Initiator) async throws -> Pod {
        try await db.transaction { store in
            guard var pod = try await store.find(Tables.pod, id: id) else {
                throw DomainError.notFound(kind: "pod", id: id, parameter: "id")
            }
            try apply(changes, to: &pod)
            let range = try Self.checkAddressing(of: pod)
            if changes.name != nil, let zone = try await store.find(Tables.zone, id: pod.zoneId) {
                try await checkPodName(pod, zone: zone, in: store)
            }
            try await checkPodRangeIsFree(pod, range: range, in: store)
            try await store.replace(pod, in: Tables.pod, id: id)
            try await events.record("POD.EDIT", "Updated pod \(pod.name)", by: initiator, resourceId: id, resourceType: "Pod", in: store)
            return pod
        }
    }

    public func deletePod(id: String, by initiator: Initiator) async throws {
        try await db.transaction { store in
            guard let pod = try await store.find(Tables.pod, id: id) else {
                throw DomainError.notFound(kind: "pod", id: id, parameter: "id")
            }
            try await Self.refuseDeletionWhileUsed("pod", id: id, by: [
                Dependent("hosts") { try await $1.exists(Tables.host, [.equals(.podId, $0), .isNull(.removed)]) },
                Dependent("clusters") { try await $1.exists(Tables.cluster, [.equals(.podId, $0)]) },
                Dependent("primary storage pools") { try await $1.exists(Tables.storagePool, [.equals(.podId, $0)]) },
                Dependent("VLAN IP ranges") { try await $1.exists(Tables.vlanIpRange, [.equals(.podId, $0)]) },
            ], in: store)
            try await store.delete(from: Tables.pod, id: id)
            try await events.record("POD.DELETE", "Deleted pod \(pod.name)", by: initiator, resourceId: id, resourceType: "Pod", in: store)
        }
    }

    func apply(_ c: PodChanges, to pod: inout Pod) throws {
        if let name = c.name {
            guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw DomainError.invalidParameter("Pod name can not be empty") }
            pod.name = name
        }
        if let v = c.gateway { pod.gateway = v }
        if let v = c.netmask { pod.netmask = v }
        switch (c.startIp.flatMap { $0.isEmpty ? nil : $0 }, c.endIp.flatMap { $0.isEmpty ? nil : $0 }) {
        case (let start?, let end?):
            pod.startIp = start
            pod.endIp = end
        case (let start?, nil):
            pod.startIp = start
            // Like CloudStack, a start address alone runs to the last usable address of the subnet.
            if c.endIp != nil || pod.endIp == nil { pod.endIp = try Self.lastUsableAddress(gateway: pod.gateway, netmask: pod.netmask) }
        case (nil, let end?):
            guard pod.startIp != nil else {
                throw DomainError.invalidParameter("Please specify the start IP of the pod's range together with its end IP")
            }
            pod.endIp = end
        case (nil, nil):
            break
        }
        if let v = c.allocationState { pod.allocationState = try Self.allocationState(v) }
    }

    /// Checks the pod's gateway, netmask and management range on their own; returns the range, if the pod has one.
    static func checkAddressing(of pod: Pod) throws -> IPv4Range? {
        let gateway = try address(pod.gateway, "gateway")
        let subnet = try podSubnet(gateway: gateway, netmask: pod.netmask)
        guard gateway != subnet.network, gateway != subnet.broadcast else {
            throw DomainError.invalidParameter("The gateway \(gateway) is the network or broadcast address of the pod's subnet \(subnet)")
        }
        guard let startText = pod.startIp, let endText = pod.endIp else { return nil }
        let start = try address(startText, "startip")
        let end = try address(endText, "endip")
        guard let range = IPv4Range(start: start, end: end) else {
            throw DomainError.invalidParameter("The start IP \(start) of the pod's range is greater than its end IP \(end)")
        }
        guard subnet.contains(start), subnet.contains(end) else {
            throw DomainError.invalidParameter("The IP range \(range) is not inside the pod's subnet \(subnet) (gateway \(pod.gateway), netmask \(pod.netmask))")
        }
        guard !range.contains(subnet.network), !range.contains(subnet.broadcast) else {
            throw DomainError.invalidParameter("The IP range \(range) must not include the network or broadcast address of the subnet \(subnet)")
        }
        guard !range.contains(gateway) else {
            throw DomainError.invalidParameter("The gateway \(gateway) must not lie inside the pod's IP range \(range)")
        }
        return range
    }

    static func podSubnet(gateway: IPv4Address, netmask: String) throws -> IPv4Subnet {
        guard let subnet = IPv4Subnet(address: gateway, netmask: netmask) else {
            throw DomainError.invalidParameter("Please specify a valid netmask: \(netmask)")
        }
        guard (1...30).contains(subnet.prefixLength) else {
            throw DomainError.invalidParameter("The netmask \(netmask) leaves no room for a gateway and a range of addresses")
        }
        return subnet
    }

    static func lastUsableAddress(gateway: String, netmask: String) throws -> String {
        let subnet = try podSubnet(gateway: try address(gateway, "gateway"), netmask: netmask)
        return IPv4Address(subnet.broadcast.value - 1).description
    }

    static func allocationState(_ text: String) throws -> AllocationState {
        guard let state = AllocationState(api: text) else {
            throw DomainError.invalidParameter("Invalid allocation state \(text); use Enabled or Disabled")
        }
        return state
    }

    func checkPodName(_ pod: Pod, zone: Zone, in store: Store) async throws {
        if try await store.exists(Tables.pod, [.equals(.zoneId, pod.zoneId), .equals(.name, pod.name), .notEquals(.id, pod.id)]) {
            throw DomainError.invalidParameter("A pod with name \(pod.name) already exists in zone \(zone.name)")
        }
    }

    /// Refuses a management range that shares addresses with another pod's range or with a guest or public
    /// VLAN IP range of the same zone (overlapping pod and guest ranges is a classic set-up mistake).
    func checkPodRangeIsFree(_ pod: Pod, range: IPv4Range?, in store: Store) async throws {
        guard let range else { return }
        for other in try await store.all(Tables.pod, [.equals(.zoneId, pod.zoneId), .notEquals(.id, pod.id)]) {
            guard let start = other.startIp, let end = other.endIp, let used = IPv4Range(start: start, end: end), used.overlaps(range) else { continue }
            throw DomainError.invalidParameter("The IP range \(range) overlaps with the management IP range \(used) of pod \(other.name) in this zone")
        }
        for vlan in try await store.all(Tables.vlanIpRange, [.equals(.zoneId, pod.zoneId)]) {
            guard let used = IPv4Range(start: vlan.startIp, end: vlan.endIp), used.overlaps(range) else { continue }
            let kind = vlan.forVirtualNetwork ? "public" : "guest"
            throw DomainError.invalidParameter(
                "The IP range \(range) overlaps with the \(kind) IP range \(used) (VLAN \(vlan.vlan)) in this zone; a pod's management range and guest or public ranges must not share addresses")
        }
    }
}
