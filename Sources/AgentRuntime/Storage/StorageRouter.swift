import AgentProtocol
import Hypervisor
import Logging
import Synchronization

/// Sends each pool to the implementation that reaches it: libvirt pools for directories and kernel NFS,
/// the user-space NFS client for NFS pools on hosts without a kernel client. Remembers who holds each pool.
public final class StorageRouter: PrimaryStorage {
    /// Which implementation holds a pool.
    public enum Route: String, Sendable, Equatable {
        case pools, userspaceNFS
    }

    public let nfsAccess: NFSAccess
    private let pools: any PrimaryStorage
    private let userspaceNFS: (any PrimaryStorage)?
    private let routes = Mutex<[String: Route]>([:])
    private let logger: Logger

    /// - Parameters:
    ///   - pools: Reaches every pool that is not user-space NFS (normally a `LibvirtPoolStorage`).
    ///   - userspaceNFS: Reaches NFS pools when `nfsAccess` is `.userspace`.
    public init(pools: any PrimaryStorage, userspaceNFS: (any PrimaryStorage)?, nfsAccess: NFSAccess,
                logger: Logger = Logger(label: "cumulo.agent.storage")) {
        self.pools = pools
        self.logger = logger
        self.userspaceNFS = userspaceNFS
        self.nfsAccess = userspaceNFS == nil ? .kernel : nfsAccess
    }

    /// A router over libvirt pools of `driver`, choosing the NFS path from `preference` and the host.
    /// A simulated driver keeps every pool, NFS included, in its own in-memory pools.
    public convenience init(driver: any HypervisorDriver, mountRoot: String, preference: NFSAccessPreference,
                            userspaceNFS: (any PrimaryStorage)?, probe: KernelNFSProbe = .system) {
        let simulated = driver.uri.hasPrefix("simulator:")
        let access = simulated ? .kernel : NFSAccess.resolve(preference, userspaceAvailable: userspaceNFS != nil, probe: probe)
        self.init(pools: LibvirtPoolStorage(driver: driver, mountRoot: mountRoot), userspaceNFS: userspaceNFS, nfsAccess: access)
    }

    /// The implementation a new pool goes to.
    public func route(for pool: PoolSpec) -> Route {
        pool.kind == .nfs && nfsAccess == .userspace ? .userspaceNFS : .pools
    }

    /// The implementation holding an attached pool, if any.
    public func route(ofPool poolId: String) -> Route? {
        routes.withLock { $0[poolId] }
    }

    private func storage(_ route: Route) -> any PrimaryStorage {
        switch route {
        case .pools: pools
        case .userspaceNFS: userspaceNFS ?? pools
        }
    }

    private func holder(of poolId: String) throws -> any PrimaryStorage {
        guard let route = route(ofPool: poolId) else { throw StorageError.notAttached(poolId: poolId) }
        return storage(route)
    }

    public func attach(_ pool: PoolSpec) async throws -> PoolReport {
        let route = route(for: pool)
        let previous = routes.withLock { routes in
            defer { routes[pool.poolId] = route }
            return routes[pool.poolId]
        }
        if let previous, previous != route {
            do {
                try await storage(previous).detach(poolId: pool.poolId)
            } catch {
                logger.warning("the pool stays attached the way it was before its route changed", metadata: ["pool": "\(pool.poolId)", "error": "\(error)"])
            }
        }
        let target = storage(route)
        do {
            return try await target.attach(pool)
        } catch {
            // Keep the route while the implementation still wants the pool (it reports and retries it).
            if !(await target.attachedPoolIds().contains(pool.poolId)) {
                _ = routes.withLock { $0.removeValue(forKey: pool.poolId) }
            }
            throw error
        }
    }

    public func detach(poolId: String) async throws {
        guard let route = route(ofPool: poolId) else { return }
        try await storage(route).detach(poolId: poolId)
        _ = routes.withLock { $0.removeValue(forKey: poolId) }
    }

    public func report(poolId: String) async -> PoolReport {
        guard let route = route(ofPool: poolId) else {
            return .unreachable(poolId, StorageError.notAttached(poolId: poolId).description)
        }
        return await storage(route).report(poolId: poolId)
    }

    public func createVolume(_ spec: VolumeSpec) async throws -> VolumeReport {
        try await holder(of: spec.poolId).createVolume(spec)
    }

    public func resizeVolume(poolId: String, name: String, sizeBytes: Int64) async throws -> VolumeReport {
        try await holder(of: poolId).resizeVolume(poolId: poolId, name: name, sizeBytes: sizeBytes)
    }

    public func deleteVolume(poolId: String, name: String) async throws {
        try await holder(of: poolId).deleteVolume(poolId: poolId, name: name)
    }

    public func volume(poolId: String, name: String) async throws -> VolumeReport? {
        try await holder(of: poolId).volume(poolId: poolId, name: name)
    }

    public func diskLocation(poolId: String, name: String) async throws -> DiskSourceLocation {
        try await holder(of: poolId).diskLocation(poolId: poolId, name: name)
    }

    public func attachedPoolIds() async -> [String] {
        routes.withLock { $0.keys.sorted() }
    }
}
