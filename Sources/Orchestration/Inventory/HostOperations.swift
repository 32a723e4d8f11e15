import DomainModel
import Foundation
import Persistence

/// What `addHost` asks for: where the host is and where it should join.
public struct HostRegistration: Sendable {
    public var url: String
    public var zoneId: String
    public var podId: String
    public var clusterId: String?
    public var clusterName: String?
    public var hypervisor: String

    public init(url: String, zoneId: String, podId: String, clusterId: String?, clusterName: String?, hypervisor: String) {
        self.url = url
        self.zoneId = zoneId
        self.podId = podId
        self.clusterId = clusterId
        self.clusterName = clusterName
        self.hypervisor = hypervisor
    }
}

/// Where an `addHost` request places the host, once checked.
public struct HostPlacement: Sendable {
    /// The host's name or address from the URL.
    public var address: String
    public var zone: Zone
    public var pod: Pod
    /// The named cluster, or nil when the request names a cluster to create.
    public var cluster: Cluster?
}

extension InventoryService {
    /// Checks an `addHost` request: URL, hypervisor, and that zone, pod and cluster belong together.
    public func checkHostRegistration(_ r: HostRegistration) async throws -> HostPlacement {
        let address = try Self.hostAddress(fromURL: r.url)
        _ = try Self.kvmHypervisor(r.hypervisor)
        let store = db.read
        guard let zone = try await store.find(Tables.zone, id: r.zoneId) else {
            throw DomainError.notFound(kind: "zone", id: r.zoneId, parameter: "zoneid")
        }
        guard let pod = try await store.find(Tables.pod, id: r.podId) else {
            throw DomainError.notFound(kind: "pod", id: r.podId, parameter: "podid")
        }
        guard pod.zoneId == zone.id else {
            throw DomainError.invalidParameter("Pod \(pod.name) does not belong to zone \(zone.name)")
        }
        var cluster: Cluster?
        if let clusterId = r.clusterId {
            guard let found = try await store.find(Tables.cluster, id: clusterId) else {
                throw DomainError.notFound(kind: "cluster", id: clusterId, parameter: "clusterid")
            }
            guard found.podId == pod.id else {
                throw DomainError.invalidParameter("Cluster \(found.name) does not belong to pod \(pod.name)")
            }
            cluster = found
        } else if r.clusterName?.trimmingCharacters(in: .whitespaces).isEmpty ?? true {
            throw DomainError.invalidParameter("Please specify the cluster the host joins, by clusterid or clustername")
        } else {
            cluster = try await store.first(Tables.cluster, [.equals(.podId, pod.id), .equals(.name, r.clusterName!.trimmingCharacters(in: .whitespaces))])
        }
        if try await store.exists(Tables.host, [.equals(.ipAddress, address), .isNull(.removed)]) {
            throw DomainError.invalidParameter("A host with address \(address) is already part of the cloud")
        }
        return HostPlacement(address: address, zone: zone, pod: pod, cluster: cluster)
    }

    /// The cluster `addHost` names by `clustername` that does not exist yet: created as a KVM cluster.
    public func clusterForNewHost(named name: String, podId: String, zoneId: String, by initiator: Initiator) async throws -> Cluster {
        var changes = ClusterChanges()
        changes.name = name.trimmingCharacters(in: .whitespaces)
        changes.hypervisor = "KVM"
        changes.clusterType = "CloudManaged"
        return try await addCluster(podId: podId, zoneId: zoneId, changes, by: initiator)
    }

    public func updateHost(id: String, name: String?, allocationState: String?, by initiator: Initiator) async throws -> HypervisorHost {
        let event: HostResourceState.Event? = switch allocationState?.lowercased() {
        case nil, "": nil
        case "enable": .enable
        case "disable": .disable
        default: throw DomainError.invalidParameter("Invalid allocation state \(allocationState!); use Enable or Disable")
        }
        if let name, name.trimmingCharacters(in: .whitespaces).isEmpty {
            throw DomainError.invalidParameter("Host name can not be empty")
        }
        return try await db.transaction { store in
            var host = try await liveHost(id, in: store)
            if let event { host = try await transition(host, event, in: store) }
            if let name, name != host.name {
                guard try await store.update(&host, in: Tables.host, { $0.name = name }) else { throw Self.lostRace(host) }
            }
            try await events.record("HOST.UPDATE", "Updated host \(host.name)", by: initiator, resourceId: id, resourceType: "Host", in: store)
            return host
        }
    }

    /// Removes a host from the inventory. Only hosts in maintenance or without a working connection may
    /// go, unless `forced`.
    public func deleteHost(id: String, forced: Bool, by initiator: Initiator) async throws {
        try await db.transaction { store in
            var host = try await liveHost(id, in: store)
            let deletable = host.resourceState == .maintenance || [.down, .disconnected, .alert].contains(host.status)
            guard forced || deletable else {
                throw DomainError.invalidState(
                    "Host \(host.name) cannot be deleted as it is not in maintenance mode. Either put the host into maintenance or perform a forced deletion.")
            }
            let unchanged = host
            guard try await store.update(&host, in: Tables.host, {
                $0.status = .removed
                $0.removed = Date()
            }) else { throw Self.lostRace(unchanged) }
            try await events.record("HOST.DELETE", "Deleted host \(host.name)\(forced ? " (forced)" : "")", by: initiator, resourceId: id, resourceType: "Host", in: store)
        }
    }

    /// Moves a host to PrepareForMaintenance and, once no guest runs on it, to Maintenance. The two steps
    /// commit separately; a stop between them is settled by the recovery rule (ErrorInPrepareForMaintenance).
    public func prepareHostForMaintenance(id: String, by initiator: Initiator) async throws -> HypervisorHost {
        let preparing = try await db.transaction { store in
            let host = try await liveHost(id, in: store)
            guard host.type == "Routing" else {
                throw DomainError.invalidParameter("Host \(host.name) is of type \(host.type); only Routing hosts can be put into maintenance")
            }
            let moved = try await transition(host, .adminAskMaintenance, in: store)
            try await events.record("MAINT.PREPARE", "Preparing host \(host.name) for maintenance", by: initiator, resourceId: id, resourceType: "Host", state: "Started", in: store)
            return moved
        }
        let running = await agents.runningVMs(onHost: id)
        if !running.isEmpty {
            // A single host cannot hand its guests to another yet: the attempt fails and says why.
            let failed = try await db.transaction { store in
                let moved = try await transition(preparing, .unableToMigrate, in: store)
                try await events.record("MAINT.PREPARE", "Host \(preparing.name) cannot enter maintenance: \(running.count) VM(s) still run on it (\(running.sorted().joined(separator: ", ")))", by: initiator, resourceId: id, resourceType: "Host", level: .error, in: store)
                return moved
            }
            throw DomainError.invalidState("Host \(failed.name) cannot enter maintenance while \(running.count) VM(s) run on it (\(running.sorted().joined(separator: ", "))); stop them first. The host is now \(failed.resourceState.rawValue)")
        }
        return try await db.transaction { store in
            let entered = try await transition(preparing, .internalEnterMaintenance, in: store)
            try await events.record("MAINT.PREPARE", "Host \(preparing.name) is in maintenance", by: initiator, resourceId: id, resourceType: "Host", in: store)
            return entered
        }
    }

    public func cancelHostMaintenance(id: String, by initiator: Initiator) async throws -> HypervisorHost {
        try await db.transaction { store in
            let host = try await liveHost(id, in: store)
            let moved = try await transition(host, .adminCancelMaintenance, in: store)
            try await events.record("MAINT.CANCEL", "Cancelled maintenance of host \(host.name)", by: initiator, resourceId: id, resourceType: "Host", in: store)
            return moved
        }
    }

    /// A prepareHostForMaintenance job cut short by a stop leaves its host in ErrorInPrepareForMaintenance,
    /// from which the operator can retry or cancel maintenance.
    func registerHostRecoveryRules(on jobs: JobService) {
        jobs.onInterrupted("prepareHostForMaintenance") { job, store in
            guard let id = job.instanceId, var host = try await store.find(Tables.host, id: id),
                  host.removed == nil, host.resourceState == .prepareForMaintenance,
                  let next = HostResourceState.prepareForMaintenance.next(.unableToMigrate)
            else { return }
            guard try await store.update(&host, in: Tables.host, { $0.resourceState = next }) else { return }
            try await self.events.record(
                "MAINT.PREPARE", "Preparing host \(host.name) for maintenance was interrupted by a management-server stop; the host is now \(next.rawValue)",
                by: Initiator(userId: job.userId, accountId: job.accountId, domainId: ""), resourceId: id, resourceType: "Host", level: .error, in: store)
        }
    }

    /// The host with `id` unless it was deleted.
    func liveHost(_ id: String, in store: Store) async throws -> HypervisorHost {
        guard let host = try await store.find(Tables.host, id: id), host.removed == nil else {
            throw DomainError.notFound(kind: "host", id: id, parameter: "id")
        }
        return host
    }

    /// Applies `event` to the host's resource state with a compare-and-set on its row version.
    func transition(_ host: HypervisorHost, _ event: HostResourceState.Event, in store: Store) async throws -> HypervisorHost {
        guard let next = host.resourceState.next(event) else {
            throw DomainError.invalidState("Cannot \(Self.describe(event)) host \(host.name) while its resource state is \(host.resourceState.rawValue)")
        }
        var moved = host
        guard try await store.update(&moved, in: Tables.host, { $0.resourceState = next }) else { throw Self.lostRace(host) }
        return moved
    }

    static func describe(_ event: HostResourceState.Event) -> String {
        switch event {
        case .enable: "enable"
        case .disable: "disable"
        case .adminAskMaintenance: "prepare for maintenance"
        case .internalEnterMaintenance: "enter maintenance on"
        case .unableToMigrate: "fail maintenance of"
        case .adminCancelMaintenance: "cancel maintenance of"
        case .errorsCorrected: "correct errors of"
        }
    }

    static func lostRace(_ host: HypervisorHost) -> DomainError {
        .concurrentModification("Host \(host.name) was changed by another operation at the same time; please retry")
    }

    /// The address part of an `addHost` URL (`http://192.0.2.10`, or just the address).
    static func hostAddress(fromURL url: String) throws -> String {
        let trimmed = url.trimmingCharacters(in: .whitespaces)
        let withScheme = trimmed.contains("://") ? trimmed : "http://" + trimmed
        guard let components = URLComponents(string: withScheme), ["http", "https"].contains(components.scheme?.lowercased() ?? ""),
              let host = components.host, !host.isEmpty,
              host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") })
        else {
            throw DomainError.invalidParameter("Please specify the host by a URL such as http://192.0.2.10, got \(url)")
        }
        return host
    }
}
