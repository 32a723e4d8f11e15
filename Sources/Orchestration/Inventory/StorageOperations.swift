import DomainModel
import Foundation
import Persistence

/// What `createStoragePool` asks for.
public struct StoragePoolSpec: Sendable {
    public var name: String
    public var url: String
    public var zoneId: String
    public var podId: String?
    public var clusterId: String?
    public var scope: String?
    public var hypervisor: String?
    public var provider: String?
    public var tags: String?
    public var capacityBytes: Int64?

    public init(name: String, url: String, zoneId: String) {
        self.name = name
        self.url = url
        self.zoneId = zoneId
    }
}

/// The changeable fields of a storage pool, as `updateStoragePool` passes them.
public struct StoragePoolChanges: Sendable {
    public var name: String?
    public var tags: String?
    public var capacityBytes: Int64?
    /// false keeps new volumes off the pool (Disabled); true lets them back.
    public var enabled: Bool?

    public init() {}
}

/// Where a storage URL (primary or image store) points: storage type, server and path.
public struct StorageLocation: Sendable, Equatable {
    public var poolType: String
    public var host: String
    public var path: String

    /// Parses `nfs://server/path` (NetworkFilesystem), `SharedMountPoint:///path` (a path mounted alike on
    /// every host of the scope) and `file:///path` (Filesystem).
    public init(url: String) throws {
        guard let separator = url.range(of: "://") else { throw Self.unsupported(url) }
        let scheme = url[..<separator.lowerBound].lowercased()
        let rest = url[separator.upperBound...]
        let slash = rest.firstIndex(of: "/") ?? rest.endIndex
        let host = String(rest[..<slash])
        let path = String(rest[slash...])
        guard path.hasPrefix("/"), path.count > 1, !path.split(separator: "/").contains(".."),
              path.allSatisfy({ !$0.isWhitespace && !$0.isNewline }) else {
            throw DomainError.invalidParameter("The storage URL \(url) needs an absolute path, e.g. nfs://192.0.2.5/export/primary")
        }
        switch scheme {
        case "nfs":
            guard !host.isEmpty, host.allSatisfy({ $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "." || $0 == "-") }) else {
                throw DomainError.invalidParameter("The storage URL \(url) needs an NFS server name or address, e.g. nfs://192.0.2.5/export/primary")
            }
            self.init(poolType: "NetworkFilesystem", host: host, path: path)
        case "sharedmountpoint", "file":
            guard host.isEmpty || host.lowercased() == "localhost" else {
                throw DomainError.invalidParameter("A \(scheme) storage URL names a path on the hosts themselves, without a server: \(scheme)://\(path)")
            }
            self.init(poolType: scheme == "file" ? "Filesystem" : "SharedMountPoint", host: "localhost", path: path)
        default:
            throw Self.unsupported(url)
        }
    }

    public init(poolType: String, host: String, path: String) {
        self.poolType = poolType
        self.host = host
        self.path = path
    }

    static func unsupported(_ url: String) -> DomainError {
        .invalidParameter("Unsupported storage URL \(url); use nfs://server/path, SharedMountPoint:///path or file:///path")
    }
}

extension InventoryService {
    public func createStoragePool(_ spec: StoragePoolSpec, by initiator: Initiator) async throws -> StoragePool {
        guard !spec.name.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw DomainError.invalidParameter("Storage pool name can not be empty")
        }
        let location = try StorageLocation(url: spec.url)
        let scope: String
        switch spec.scope?.lowercased() {
        case nil, "", "cluster": scope = "CLUSTER"
        case "zone": scope = "ZONE"
        default: throw DomainError.invalidParameter("Invalid scope \(spec.scope!); use cluster or zone")
        }
        if let provider = spec.provider, !provider.isEmpty, provider.lowercased() != "defaultprimary" {
            throw DomainError.invalidParameter("Storage provider \(provider) is not supported; use DefaultPrimary")
        }
        if let bytes = spec.capacityBytes, bytes <= 0 {
            throw DomainError.invalidParameter("capacitybytes must be a positive number of bytes")
        }
        var hypervisor = try spec.hypervisor.flatMap { $0.isEmpty ? nil : try Self.kvmHypervisor($0) }
        var podId: String?
        var clusterId: String?
        if scope == "CLUSTER" {
            guard let cluster = spec.clusterId, let pod = spec.podId else {
                throw DomainError.invalidParameter("clusterid and podid are required for cluster-wide storage (scope cluster, the default); for zone-wide storage pass scope=zone and hypervisor=KVM")
            }
            (podId, clusterId) = (pod, cluster)
            hypervisor = "KVM"
        } else if hypervisor == nil {
            throw DomainError.invalidParameter("Zone-wide storage needs the hypervisor of the hosts that attach it: hypervisor=KVM")
        }
        var pool = StoragePool(
            id: ResourceID.make(), name: spec.name, zoneId: spec.zoneId, podId: podId, clusterId: clusterId, scope: scope,
            poolType: location.poolType, host: location.host, path: location.path, url: spec.url, hypervisor: hypervisor,
            tags: spec.tags.flatMap { $0.isEmpty ? nil : $0 })
        pool.capacityBytes = spec.capacityBytes ?? 0
        let created = pool
        try await db.transaction { store in
            guard let zone = try await store.find(Tables.zone, id: created.zoneId) else {
                throw DomainError.notFound(kind: "zone", id: created.zoneId, parameter: "zoneid")
            }
            if let podId = created.podId, let clusterId = created.clusterId {
                guard let pod = try await store.find(Tables.pod, id: podId) else {
                    throw DomainError.notFound(kind: "pod", id: podId, parameter: "podid")
                }
                guard let cluster = try await store.find(Tables.cluster, id: clusterId) else {
                    throw DomainError.notFound(kind: "cluster", id: clusterId, parameter: "clusterid")
                }
                guard pod.zoneId == zone.id, cluster.podId == pod.id else {
                    throw DomainError.invalidParameter("Cluster \(cluster.name) is not in pod \(pod.name) of zone \(zone.name)")
                }
            }
            try await checkPoolName(created, in: store)
            if try await store.exists(Tables.storagePool, [.equals(.zoneId, created.zoneId), .equals(.host, created.host), .equals(.path, created.path)]) {
                throw DomainError.invalidParameter("A primary storage pool at \(created.host):\(created.path) already exists in zone \(zone.name)")
            }
            try await store.insert(created, into: Tables.storagePool)
            try await events.record("STORAGE.POOL.CREATE", "Created primary storage pool \(created.name)", by: initiator, resourceId: created.id, resourceType: "StoragePool", in: store)
        }
        return created
    }

    public func updateStoragePool(id: String, _ changes: StoragePoolChanges, by initiator: Initiator) async throws -> StoragePool {
        try await db.transaction { store in
            guard var pool = try await store.find(Tables.storagePool, id: id) else {
                throw DomainError.notFound(kind: "storage pool", id: id, parameter: "id")
            }
            if let name = changes.name {
                guard !name.trimmingCharacters(in: .whitespaces).isEmpty else { throw DomainError.invalidParameter("Storage pool name can not be empty") }
                pool.name = name
                try await checkPoolName(pool, in: store)
            }
            if let tags = changes.tags { pool.tags = tags.isEmpty ? nil : tags }
            if let bytes = changes.capacityBytes {
                guard bytes > 0 else { throw DomainError.invalidParameter("capacitybytes must be a positive number of bytes") }
                pool.capacityBytes = bytes
            }
            if let enabled = changes.enabled { pool.state = try Self.poolState(pool, enabled: enabled) }
            try await store.replace(pool, in: Tables.storagePool, id: id)
            try await events.record("STORAGE.POOL.UPDATE", "Updated primary storage pool \(pool.name)", by: initiator, resourceId: id, resourceType: "StoragePool", in: store)
            return pool
        }
    }

    /// Removes an empty storage pool. `forced` would expunge destroyed volumes first; there are none to expunge.
    public func deleteStoragePool(id: String, forced: Bool, by initiator: Initiator) async throws {
        try await db.transaction { store in
            guard let pool = try await store.find(Tables.storagePool, id: id) else {
                throw DomainError.notFound(kind: "storage pool", id: id, parameter: "id")
            }
            guard try await volumeCount(onPool: id, in: store) == 0 else {
                throw DomainError.inUse("Cannot delete storage pool \(pool.name) as there are volumes on it")
            }
            try await store.delete(from: Tables.storagePool, id: id)
            try await events.record("STORAGE.POOL.DELETE", "Deleted primary storage pool \(pool.name)", by: initiator, resourceId: id, resourceType: "StoragePool", in: store)
        }
    }

    /// The state a pool moves to when it is disabled or enabled. An enabled pool is Initialized again and
    /// becomes Up when a host attaches it, as a new pool does.
    static func poolState(_ pool: StoragePool, enabled: Bool) throws -> StoragePoolState {
        switch (pool.state, enabled) {
        case (.initialized, false), (.up, false), (.disabled, false): return .disabled
        case (.disabled, true): return .initialized
        case (.initialized, true), (.up, true): return pool.state
        default: throw DomainError.invalidState("Storage pool \(pool.name) can not be \(enabled ? "enabled" : "disabled") while it is \(pool.state.rawValue)")
        }
    }

    /// The volumes stored on a pool. Volumes only exist once VMs can be deployed, so there are none yet.
    /// Volumes whose files are (or are about to be) on the pool; a pool holding any cannot be deleted.
    func volumeCount(onPool id: String, in store: Store) async throws -> Int {
        try await store.count(Tables.volume, [.equals(.poolId, id), .isNull(.removed)])
    }

    func checkPoolName(_ pool: StoragePool, in store: Store) async throws {
        if try await store.exists(Tables.storagePool, [.equals(.zoneId, pool.zoneId), .equals(.name, pool.name), .notEquals(.id, pool.id)]) {
            throw DomainError.invalidParameter("A primary storage pool with name \(pool.name) already exists in this zone")
        }
    }
}
