import AgentProtocol
import AsyncCoordination
import Foundation
import Hypervisor
import Logging
import NFSClient

/// Primary storage on NFS pools reached entirely in user space: libnfs (through `NFSExport`) for
/// capacity, listing and deletion, and `qemu-img` with `nfs://` URLs for creating, resizing and
/// inspecting volumes, and for copying images into the pool. A volume is the file `<export>/<volume name>`;
/// domains open it over NFS themselves (`DiskSourceLocation.nfs`). Handles only `PoolKind.nfs` pools.
public actor UserspaceNFSStorage: PrimaryStorage {
    private struct AttachedPool {
        let spec: PoolSpec
        let export: NFSExport
    }

    private var pools: [String: AttachedPool] = [:]
    /// Image copies under way, by `<poolId>/<name>`: a second request for the same copy waits for the first.
    /// When the request that runs a copy is cancelled and its copy fails, the waiting requests start it anew.
    private let copies = SingleFlight<String, VolumeReport>()
    private let qemuImg: QemuImg
    private let configuration: NFSExport.Configuration
    private let logger: Logger

    /// - Parameters:
    ///   - logger: Where attach, detach and volume changes are logged.
    ///   - qemuImg: How `qemu-img` is run.
    ///   - configuration: How each pool's export talks to its server; the default fails a call after
    ///     30 s so an unreachable server shows in reports instead of hanging them.
    public init(logger: Logger = Logger(label: "cumulo.agent.storage.userspace-nfs"), qemuImg: QemuImg = QemuImg(),
                configuration: NFSExport.Configuration = NFSExport.Configuration(timeoutSeconds: 30, reconnectAttempts: 2)) {
        self.logger = logger
        self.qemuImg = qemuImg
        self.configuration = configuration
    }

    // MARK: - pools

    /// Attaches the pool and mounts its export. A pool whose export cannot be reached stays attached
    /// (and this throws why): reports carry the error and try again, so it recovers with its server.
    public func attach(_ pool: PoolSpec) async throws -> PoolReport {
        guard pool.kind == .nfs else {
            throw UserspaceNFSStorageError.unsupportedPoolKind(poolId: pool.poolId, kind: pool.kind)
        }
        let export: NFSExport
        if let existing = pools[pool.poolId], existing.spec == pool {
            export = existing.export
        } else {
            export = try NFSExport(server: pool.server, exportPath: pool.path, configuration: configuration)
            let replaced = pools.updateValue(AttachedPool(spec: pool, export: export), forKey: pool.poolId)
            if let replaced {
                await replaced.export.close()
            }
        }
        do {
            try await export.mount()
            _ = try await export.statvfs()
        } catch {
            logger.warning("pool attached but its export cannot be reached",
                           metadata: ["pool": "\(pool.poolId)", "export": "\(export.url)", "error": "\(error)"])
            throw error
        }
        logger.info("attached pool over user-space NFS", metadata: ["pool": "\(pool.poolId)", "export": "\(export.url)"])
        return await report(poolId: pool.poolId)
    }

    public func detach(poolId: String) async throws {
        guard let pool = pools.removeValue(forKey: poolId) else { return }
        await pool.export.close()
        logger.info("detached pool", metadata: ["pool": "\(poolId)"])
    }

    public func report(poolId: String) async -> PoolReport {
        guard let pool = pools[poolId] else {
            return .unreachable(poolId, UserspaceNFSStorageError.poolNotAttached(poolId: poolId).description)
        }
        do {
            let stats = try await pool.export.statvfs()
            let allocated = try await allocatedBytes(on: pool.export)
            return PoolReport(poolId: poolId, capacityBytes: Int64(clamping: stats.totalBytes),
                              usedBytes: Int64(clamping: stats.usedBytes),
                              availableBytes: Int64(clamping: stats.availableBytes), allocatedBytes: allocated)
        } catch {
            return .unreachable(poolId, "\(error)")
        }
    }

    public func attachedPoolIds() async -> [String] {
        pools.keys.sorted()
    }

    // MARK: - volumes

    public func createVolume(_ spec: VolumeSpec) async throws -> VolumeReport {
        let pool = try attached(spec.poolId)
        try validate(spec.name)
        if let source = spec.sourceImage {
            return try await copy(source, spec: spec, pool: pool)
        }
        guard spec.sizeBytes > 0 else {
            throw UserspaceNFSStorageError.unsupportedRequest(poolId: spec.poolId, name: spec.name,
                                                              reason: "size must be positive, not \(spec.sizeBytes)")
        }
        if try await pool.export.stat(spec.name) != nil {
            throw UserspaceNFSStorageError.volumeExists(poolId: spec.poolId, name: spec.name)
        }
        let target = try pool.export.url(for: spec.name)
        var backingURL: String?
        var backingFormat: String?
        if let backing = spec.backingVolume {
            try validate(backing)
            guard spec.format == .qcow2 else {
                throw UserspaceNFSStorageError.unsupportedRequest(poolId: spec.poolId, name: spec.name,
                                                                  reason: "only qcow2 volumes can have a backing volume")
            }
            guard try await pool.export.stat(backing) != nil else {
                throw UserspaceNFSStorageError.backingVolumeNotFound(poolId: spec.poolId, name: backing)
            }
            backingURL = try pool.export.url(for: backing)
            backingFormat = try await header(of: backing, on: pool.export).format
        }
        try await qemuImg.create(target, format: spec.format.rawValue, sizeBytes: spec.sizeBytes,
                                 backing: backingURL, backingFormat: backingFormat)
        logger.info("created volume", metadata: [
            "pool": "\(spec.poolId)", "volume": "\(spec.name)", "size": "\(spec.sizeBytes)",
            "backing": "\(spec.backingVolume ?? "-")",
        ])
        return try await volumeReport(pool: pool, name: spec.name, format: spec.format.rawValue)
    }

    /// A full copy of `source` as the volume, or the volume as it is when it exists already. The copy is written
    /// as `.<name>.partial-<random>` and renamed when complete; the partial file is removed when it fails.
    private func copy(_ source: String, spec: VolumeSpec, pool: AttachedPool) async throws -> VolumeReport {
        guard spec.backingVolume == nil, spec.format == .qcow2 else {
            throw UserspaceNFSStorageError.unsupportedRequest(poolId: spec.poolId, name: spec.name,
                                                              reason: "a copy of an image is a qcow2 volume without a backing volume")
        }
        let location = try DiskSourceResolver.qemuLocation(source)
        if try await pool.export.stat(spec.name) != nil {
            return try await volumeReport(pool: pool, name: spec.name, format: try await header(of: spec.name, on: pool.export).format)
        }
        return try await copies.run(spec.poolId + "/" + spec.name) {
            try await copyNow(location, spec: spec, pool: pool)
        }
    }

    private func copyNow(_ location: String, spec: VolumeSpec, pool: AttachedPool) async throws -> VolumeReport {
        let temporary = ".\(spec.name).partial-\(UUID().uuidString.prefix(8).lowercased())"
        do {
            let size = try await qemuImg.copy(location, declaredFormat: spec.sourceFormat?.rawValue, to: try pool.export.url(for: temporary), minimumSizeBytes: spec.sizeBytes)
            // qemu opens a backing file by the path in the overlay's header, without the root identity the
            // domain gives its disks, so the copy must be readable by others (it holds a template, no VM data).
            try await pool.export.chmod(temporary, permissions: 0o644)
            // Another host may have finished the same copy into this shared pool meanwhile: keep theirs.
            if try await pool.export.stat(spec.name) != nil {
                try await pool.export.remove(temporary)
            } else {
                try await pool.export.rename(temporary, to: spec.name)
            }
            logger.info("copied image into pool", metadata: [
                "pool": "\(spec.poolId)", "volume": "\(spec.name)", "source": "\(location)", "size": "\(size)",
            ])
        } catch {
            do {
                try await pool.export.remove(temporary)
            } catch let cleanup {
                logger.warning("a partial image copy stays in the pool", metadata: ["pool": "\(spec.poolId)", "file": "\(temporary)", "error": "\(cleanup)"])
            }
            throw error
        }
        return try await volumeReport(pool: pool, name: spec.name, format: "qcow2")
    }

    public func resizeVolume(poolId: String, name: String, sizeBytes: Int64) async throws -> VolumeReport {
        let pool = try attached(poolId)
        try validate(name)
        guard try await pool.export.stat(name) != nil else {
            throw UserspaceNFSStorageError.volumeNotFound(poolId: poolId, name: name)
        }
        let format = try await header(of: name, on: pool.export).format
        try await qemuImg.resize(try pool.export.url(for: name), format: format, sizeBytes: sizeBytes)
        logger.info("resized volume", metadata: ["pool": "\(poolId)", "volume": "\(name)", "size": "\(sizeBytes)"])
        return try await volumeReport(pool: pool, name: name, format: format)
    }

    public func deleteVolume(poolId: String, name: String) async throws {
        let pool = try attached(poolId)
        try validate(name)
        if try await pool.export.remove(name) {
            logger.info("deleted volume", metadata: ["pool": "\(poolId)", "volume": "\(name)"])
        }
    }

    public func volume(poolId: String, name: String) async throws -> VolumeReport? {
        let pool = try attached(poolId)
        try validate(name)
        guard try await pool.export.stat(name) != nil else { return nil }
        let format = try await header(of: name, on: pool.export).format
        return try await volumeReport(pool: pool, name: name, format: format)
    }

    public func diskLocation(poolId: String, name: String) async throws -> DiskSourceLocation {
        let pool = try attached(poolId)
        try validate(name)
        return .nfs(server: pool.export.server, path: pool.export.exportPath + "/" + name)
    }

    // MARK: - helpers

    private func attached(_ poolId: String) throws -> AttachedPool {
        guard let pool = pools[poolId] else { throw UserspaceNFSStorageError.poolNotAttached(poolId: poolId) }
        return pool
    }

    /// Volumes are plain names at the export's root.
    private func validate(_ name: String) throws {
        let reason: String? =
            if name.isEmpty { "it is empty" }
            else if name.contains("/") { "it contains '/'" }
            else if name == "." || name == ".." { "it is '.' or '..'" }
            else if name.hasPrefix(".") { "it starts with '.'" }
            else if name.unicodeScalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F || $0 == " " || $0 == "?" || $0 == "#" || $0 == "%" }) {
                "it contains a space, a control character, '?', '#' or '%'"
            }
            else { nil }
        if let reason { throw UserspaceNFSStorageError.invalidVolumeName(name: name, reason: reason) }
    }

    private func header(of name: String, on export: NFSExport) async throws -> UserspaceNFSImageHeader {
        UserspaceNFSImageHeader(try await export.read(name, count: UserspaceNFSImageHeader.length))
    }

    private func volumeReport(pool: AttachedPool, name: String, format: String) async throws -> VolumeReport {
        let location = try pool.export.url(for: name)
        let info = try await qemuImg.info(location, format: format)
        let physical: Int64
        if let actual = info.actualSize {
            physical = actual
        } else {
            physical = Int64(clamping: try await pool.export.stat(name)?.allocatedBytes ?? 0)
        }
        return VolumeReport(poolId: pool.spec.poolId, name: name, location: location,
                            virtualSizeBytes: info.virtualSize, physicalSizeBytes: physical)
    }

    /// Sum of the virtual sizes of the volume files at the export's root, read from their headers
    /// (files that vanish while being looked at are skipped).
    private func allocatedBytes(on export: NFSExport) async throws -> Int64 {
        var total: Int64 = 0
        for entry in try await export.list("/") where entry.type == .file && !entry.name.hasPrefix(".") {
            do {
                let header = UserspaceNFSImageHeader(try await export.read(entry.name, count: UserspaceNFSImageHeader.length))
                total += header.virtualSize(fileSize: entry.size)
            } catch let error as NFSError where error.isNotFound {
                continue
            }
        }
        return total
    }
}
