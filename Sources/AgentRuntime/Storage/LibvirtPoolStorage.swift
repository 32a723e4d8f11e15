import AgentProtocol
import AsyncCoordination
import Hypervisor
import Synchronization

/// Primary storage through the hypervisor's pool API: directory pools for local and shared mount points,
/// `netfs` pools (kernel NFS mounts) for NFS exports. The libvirt pool of `poolId` is `cumulo-<poolId>`.
public final class LibvirtPoolStorage: PrimaryStorage {
    /// A pool this host was asked to attach, and whether the last attempt succeeded.
    private struct Entry {
        var spec: PoolSpec
        var attached: Bool
    }

    private let driver: any HypervisorDriver
    private let mountRoot: String
    private let entries = Mutex<[String: Entry]>([:])
    /// Image copies under way, by `<poolId>/<name>`: a second request for the same copy waits for the first.
    /// When the request that runs a copy is cancelled and its copy fails, the waiting requests start it anew.
    private let copies = SingleFlight<String, VolumeInfo>()

    /// - Parameter mountRoot: NFS exports are mounted at `<mountRoot>/<poolId>`.
    public init(driver: any HypervisorDriver, mountRoot: String = AgentRuntimeConfiguration().mountRoot) {
        self.driver = driver
        self.mountRoot = mountRoot
    }

    /// The libvirt pool definition for a pool spec.
    public func definition(for pool: PoolSpec) throws -> PoolDefinition {
        if pool.poolId.isEmpty || pool.poolId.contains("/") {
            throw StorageError.invalidPool(poolId: pool.poolId, reason: "invalid pool id")
        }
        guard pool.path.hasPrefix("/") else {
            throw StorageError.invalidPool(poolId: pool.poolId, reason: "path '\(pool.path)' is not absolute")
        }
        let name = LibvirtNames.pool(pool.poolId)
        switch pool.kind {
        case .localDirectory, .sharedMountPoint:
            return PoolDefinition(name: name, kind: .directory(path: pool.path))
        case .nfs:
            guard !pool.server.isEmpty else {
                throw StorageError.invalidPool(poolId: pool.poolId, reason: "an NFS pool needs a server")
            }
            return PoolDefinition(name: name, kind: .netfs(server: pool.server, exportPath: pool.path,
                                                           mountPoint: mountRoot + "/" + pool.poolId))
        }
    }

    /// Attaches the pool. A pool that fails to attach stays wanted: reports show its error and retry it.
    public func attach(_ pool: PoolSpec) async throws -> PoolReport {
        let definition = try definition(for: pool)
        if case .netfs = definition.kind {
            // libvirt creates the mount point itself, but qemu must be able to pass through its parent.
            try VMFileDirectory.create(mountRoot)
        }
        entries.withLock { $0[pool.poolId] = Entry(spec: pool, attached: false) }
        let capacity = try await driver.ensure(pool: definition)
        entries.withLock { $0[pool.poolId]?.attached = true }
        return await report(pool.poolId, definition.name, capacity)
    }

    public func detach(poolId: String) async throws {
        try await driver.remove(pool: LibvirtNames.pool(poolId))
        _ = entries.withLock { $0.removeValue(forKey: poolId) }
    }

    public func report(poolId: String) async -> PoolReport {
        guard let entry = entries.withLock({ $0[poolId] }) else {
            return .unreachable(poolId, StorageError.notAttached(poolId: poolId).description)
        }
        let name = LibvirtNames.pool(poolId)
        do {
            let capacity: PoolCapacity
            if entry.attached {
                do {
                    capacity = try await driver.refresh(pool: name)
                } catch let error as HypervisorError where error.kind == .noPool {
                    capacity = try await reattach(entry.spec)
                }
            } else {
                capacity = try await reattach(entry.spec)
            }
            return await report(poolId, name, capacity)
        } catch {
            return .unreachable(poolId, String(describing: error))
        }
    }

    private func reattach(_ pool: PoolSpec) async throws -> PoolCapacity {
        let capacity = try await driver.ensure(pool: definition(for: pool))
        entries.withLock { $0[pool.poolId]?.attached = true }
        return capacity
    }

    private func report(_ poolId: String, _ name: String, _ capacity: PoolCapacity) async -> PoolReport {
        // Allocated space is the volumes' virtual sizes; without the list, what the pool has in use stands in.
        let allocated: Int64
        do {
            allocated = try await driver.listVolumes(pool: name).reduce(Int64(0)) { $0 + $1.capacityBytes }
        } catch {
            allocated = capacity.allocationBytes
        }
        return PoolReport(poolId: poolId, capacityBytes: capacity.capacityBytes, usedBytes: capacity.allocationBytes,
                          availableBytes: capacity.availableBytes, allocatedBytes: allocated)
    }

    public func createVolume(_ spec: VolumeSpec) async throws -> VolumeReport {
        let pool = try poolName(spec.poolId)
        if let source = spec.sourceImage {
            return Self.report(spec.poolId, try await copy(source, spec: spec, pool: pool))
        }
        var definition = VolumeDefinition(name: spec.name, capacityBytes: spec.sizeBytes, format: spec.format.rawValue)
        if let backing = spec.backingVolume {
            guard spec.format == .qcow2 else {
                throw StorageError.invalidVolume(name: spec.name, reason: "only qcow2 volumes can be overlays")
            }
            guard let image = try await driver.volume(pool: pool, name: backing) else {
                throw StorageError.noVolume(poolId: spec.poolId, name: backing)
            }
            definition.backingPath = image.path
            definition.backingFormat = "qcow2"
        }
        let info = try await driver.createVolume(pool: pool, spec: definition)
        return Self.report(spec.poolId, info)
    }

    /// A full copy of `source` as the volume, or the volume as it is when it exists already.
    private func copy(_ source: String, spec: VolumeSpec, pool: String) async throws -> VolumeInfo {
        guard spec.backingVolume == nil, spec.format == .qcow2 else {
            throw StorageError.invalidVolume(name: spec.name, reason: "a copy of an image is a qcow2 volume without a backing volume")
        }
        let location = try DiskSourceResolver.qemuLocation(source)
        if let existing = try await driver.volume(pool: pool, name: spec.name) {
            return existing
        }
        return try await copies.run(spec.poolId + "/" + spec.name) {
            try await driver.copyImage(location, format: spec.sourceFormat?.rawValue, pool: pool, name: spec.name, minimumCapacityBytes: spec.sizeBytes)
        }
    }

    public func resizeVolume(poolId: String, name: String, sizeBytes: Int64) async throws -> VolumeReport {
        let pool = try poolName(poolId)
        try await driver.resizeVolume(pool: pool, name: name, capacityBytes: sizeBytes)
        guard let info = try await driver.volume(pool: pool, name: name) else {
            throw StorageError.noVolume(poolId: poolId, name: name)
        }
        return Self.report(poolId, info)
    }

    public func deleteVolume(poolId: String, name: String) async throws {
        let pool = try poolName(poolId)
        do {
            try await driver.deleteVolume(pool: pool, name: name)
        } catch let error as HypervisorError where error.kind == .noVolume {
            return
        }
    }

    public func volume(poolId: String, name: String) async throws -> VolumeReport? {
        let pool = try poolName(poolId)
        return try await driver.volume(pool: pool, name: name).map { Self.report(poolId, $0) }
    }

    public func diskLocation(poolId: String, name: String) async throws -> DiskSourceLocation {
        let pool = try poolName(poolId)
        guard let info = try await driver.volume(pool: pool, name: name) else {
            throw StorageError.noVolume(poolId: poolId, name: name)
        }
        return .file(path: info.path)
    }

    public func attachedPoolIds() async -> [String] {
        entries.withLock { $0.keys.sorted() }
    }

    private func poolName(_ poolId: String) throws -> String {
        guard entries.withLock({ $0[poolId] != nil }) else { throw StorageError.notAttached(poolId: poolId) }
        return LibvirtNames.pool(poolId)
    }

    private static func report(_ poolId: String, _ info: VolumeInfo) -> VolumeReport {
        VolumeReport(poolId: poolId, name: info.name, location: info.path,
                     virtualSizeBytes: info.capacityBytes, physicalSizeBytes: info.allocationBytes)
    }
}
