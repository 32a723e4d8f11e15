import AgentProtocol
import Hypervisor

/// How this host reaches primary storage pools: volumes created, resized and deleted, capacity read,
/// and the location a domain's disk points at. One implementation per way of reaching storage.
public protocol PrimaryStorage: Sendable {
    /// Makes `pool` usable on this host (idempotent) and reports its capacity.
    func attach(_ pool: PoolSpec) async throws -> PoolReport
    /// Forgets the pool on this host; its data stays.
    func detach(poolId: String) async throws
    /// Current capacity of an attached pool, or a report carrying the error that stops the host reaching it.
    func report(poolId: String) async -> PoolReport
    func createVolume(_ spec: VolumeSpec) async throws -> VolumeReport
    func resizeVolume(poolId: String, name: String, sizeBytes: Int64) async throws -> VolumeReport
    /// Not an error when the volume is already gone.
    func deleteVolume(poolId: String, name: String) async throws
    func volume(poolId: String, name: String) async throws -> VolumeReport?
    /// Where a domain reads the volume: a file path, or an NFS location qemu opens itself.
    func diskLocation(poolId: String, name: String) async throws -> DiskSourceLocation
    /// Pools this host has attached.
    func attachedPoolIds() async -> [String]
}
