import AgentProtocol
import AgentRuntime
import Foundation
import Hypervisor
import Testing

/// UserspaceNFSStorage against the export named by CUMULO_TEST_NFS_URL (e.g. nfs://127.0.0.1/srv/nfs/primary);
/// skipped when it is not set.
@Suite("User-space NFS primary storage", .enabled(if: UserspaceNFSTestExport.location != nil, "set CUMULO_TEST_NFS_URL"))
struct UserspaceNFSStorageTests {
    static var export: (server: String, path: String)? { UserspaceNFSTestExport.location }

    static let mebibyte: Int64 = 1024 * 1024

    let storage = UserspaceNFSStorage()
    let unique = UUID().uuidString.prefix(8).lowercased()

    var pool: PoolSpec {
        PoolSpec(poolId: "test-pool-\(unique)", kind: .nfs, server: Self.export!.server, path: Self.export!.path)
    }

    @Test func attachReportsCapacity() async throws {
        let report = try await storage.attach(pool)
        #expect(report.error == nil)
        #expect(report.capacityBytes > 0)
        #expect(report.availableBytes > 0)
        #expect(report.usedBytes >= 0 && report.usedBytes <= report.capacityBytes)
        #expect(await storage.attachedPoolIds() == [pool.poolId])
        // Attaching again changes nothing.
        #expect(try await storage.attach(pool).capacityBytes == report.capacityBytes)
        #expect(await storage.report(poolId: pool.poolId).error == nil)
        try await storage.detach(poolId: pool.poolId)
        #expect(await storage.attachedPoolIds().isEmpty)
        #expect(await storage.report(poolId: pool.poolId).error?.contains("not attached") == true)
    }

    @Test func volumeLifecycleWithOverlay() async throws {
        _ = try await storage.attach(pool)
        let base = "cumulo-test-\(unique)-base.qcow2"
        let overlay = "cumulo-test-\(unique)-overlay.qcow2"
        do {
            try await exerciseVolumes(base: base, overlay: overlay)
        } catch {
            try? await storage.deleteVolume(poolId: pool.poolId, name: overlay)
            try? await storage.deleteVolume(poolId: pool.poolId, name: base)
            throw error
        }
        try await storage.detach(poolId: pool.poolId)
    }

    private func exerciseVolumes(base: String, overlay: String) async throws {
        let before = await storage.report(poolId: pool.poolId).allocatedBytes

        let created = try await storage.createVolume(VolumeSpec(poolId: pool.poolId, name: base, sizeBytes: 64 * Self.mebibyte))
        #expect(created.virtualSizeBytes == 64 * Self.mebibyte)
        #expect(created.physicalSizeBytes > 0)
        #expect(created.location == "nfs://\(Self.export!.server)\(Self.export!.path)/\(base)")
        await #expect(throws: UserspaceNFSStorageError.self) {
            _ = try await storage.createVolume(VolumeSpec(poolId: pool.poolId, name: base, sizeBytes: Self.mebibyte))
        }

        let resized = try await storage.resizeVolume(poolId: pool.poolId, name: base, sizeBytes: 128 * Self.mebibyte)
        #expect(resized.virtualSizeBytes == 128 * Self.mebibyte)
        let found = try #require(try await storage.volume(poolId: pool.poolId, name: base))
        #expect(found.virtualSizeBytes == 128 * Self.mebibyte)

        let child = try await storage.createVolume(
            VolumeSpec(poolId: pool.poolId, name: overlay, sizeBytes: 256 * Self.mebibyte, backingVolume: base))
        #expect(child.virtualSizeBytes == 256 * Self.mebibyte)
        #expect(try await storage.diskLocation(poolId: pool.poolId, name: overlay)
            == .nfs(server: Self.export!.server, path: "\(Self.export!.path)/\(overlay)"))

        let report = await storage.report(poolId: pool.poolId)
        #expect(report.error == nil)
        #expect(report.allocatedBytes >= before + (128 + 256) * Self.mebibyte)

        await #expect(throws: UserspaceNFSStorageError.self) {
            _ = try await storage.createVolume(VolumeSpec(poolId: pool.poolId, name: "cumulo-test-\(unique)-x",
                                                          sizeBytes: Self.mebibyte, backingVolume: "cumulo-test-\(unique)-missing"))
        }

        try await storage.deleteVolume(poolId: pool.poolId, name: overlay)
        try await storage.deleteVolume(poolId: pool.poolId, name: base)
        #expect(try await storage.volume(poolId: pool.poolId, name: base) == nil)
        #expect(try await storage.volume(poolId: pool.poolId, name: overlay) == nil)
        try await storage.deleteVolume(poolId: pool.poolId, name: base)
    }

    /// A template on the image store (CUMULO_TEST_NFS_SECONDARY_EXPORT, a local directory here served by the same
    /// server) copied into the pool over nfs://, once, with an overlay on the copy.
    @Test(.enabled(if: ProcessInfo.processInfo.environment["CUMULO_TEST_NFS_SECONDARY_EXPORT"] != nil, "set CUMULO_TEST_NFS_SECONDARY_EXPORT"))
    func templatesAreCopiedFromTheImageStoreOnce() async throws {
        let secondary = try #require(ProcessInfo.processInfo.environment["CUMULO_TEST_NFS_SECONDARY_EXPORT"])
        let (server, exportPath) = try #require(Self.export)
        // A fresh directory per run: nfs-ganesha answers NFS3ERR_STALE for a while for names deleted locally and made again.
        let store = secondary + "/cumulo-test-copy-\(unique)"
        let copyName = "cumulo-test-\(unique)-template"
        let overlayName = "cumulo-test-\(unique)-root"
        let qemuImg = QemuImg()
        try FileManager.default.createDirectory(atPath: store, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: store) }
        try await qemuImg.create(store + "/t.qcow2", format: "qcow2", sizeBytes: 48 * Self.mebibyte)
        try await qemuImg.create(store + "/evil.qcow2", format: "qcow2", sizeBytes: Self.mebibyte, backing: "/etc/hostname", backingFormat: "raw")
        _ = try await storage.attach(pool)
        do {
            let template = "nfs://\(server)\(store)/t.qcow2"
            let copy = try await storage.createVolume(VolumeSpec(poolId: pool.poolId, name: copyName, sizeBytes: 0, sourceImage: template))
            #expect(copy.virtualSizeBytes == 48 * Self.mebibyte)
            #expect(copy.location == "nfs://\(server)\(exportPath)/\(copyName)")
            #expect(try await qemuImg.info(copy.location).format == "qcow2")
            #expect(try await qemuImg.info(copy.location).backingFilename == nil)

            // Asked again (for more): the existing copy, not a new one.
            let again = try await storage.createVolume(VolumeSpec(poolId: pool.poolId, name: copyName, sizeBytes: 256 * Self.mebibyte,
                                                                  sourceImage: template))
            #expect(again.virtualSizeBytes == 48 * Self.mebibyte)

            let overlay = try await storage.createVolume(VolumeSpec(poolId: pool.poolId, name: overlayName, sizeBytes: 64 * Self.mebibyte,
                                                                    backingVolume: copyName))
            let layered = try await qemuImg.info(overlay.location)
            #expect(layered.backingFilename == copy.location)
            #expect(layered.virtualSize == 64 * Self.mebibyte)

            await #expect(throws: HypervisorError.self) {
                _ = try await storage.createVolume(VolumeSpec(poolId: pool.poolId, name: "cumulo-test-\(unique)-evil", sizeBytes: 0,
                                                              sourceImage: "nfs://\(server)\(store)/evil.qcow2"))
            }
            #expect(try await storage.volume(poolId: pool.poolId, name: "cumulo-test-\(unique)-evil") == nil)
            // No partial copy stays behind (the export is a local directory on the test host).
            let partials = ((try? FileManager.default.contentsOfDirectory(atPath: exportPath)) ?? []).filter { $0.contains(unique) && $0.hasPrefix(".") }
            #expect(partials.isEmpty, "\(partials)")
        } catch {
            try? await storage.deleteVolume(poolId: pool.poolId, name: overlayName)
            try? await storage.deleteVolume(poolId: pool.poolId, name: copyName)
            throw error
        }
        try await storage.deleteVolume(poolId: pool.poolId, name: overlayName)
        try await storage.deleteVolume(poolId: pool.poolId, name: copyName)
        try await storage.detach(poolId: pool.poolId)
    }

    @Test func unreachableExportIsReportedWithItsError() async throws {
        let missing = PoolSpec(poolId: "test-missing-\(unique)", kind: .nfs, server: Self.export!.server,
                               path: "/srv/nfs/cumulo-no-such-export-\(unique)")
        await #expect(throws: (any Error).self) { _ = try await storage.attach(missing) }
        let report = await storage.report(poolId: missing.poolId)
        let error = try #require(report.error)
        #expect(error.contains(missing.path), "\(error)")
        #expect(report.capacityBytes == 0)
        try await storage.detach(poolId: missing.poolId)
    }

    @Test func refusesOtherPoolKindsAndBadNames() async throws {
        let local = PoolSpec(poolId: "test-local-\(unique)", kind: .localDirectory, server: "", path: "/var/lib/cumulo")
        await #expect(throws: UserspaceNFSStorageError.self) { _ = try await storage.attach(local) }
        _ = try await storage.attach(pool)
        for name in ["", "../escape", "a/b", ".hidden"] {
            await #expect(throws: UserspaceNFSStorageError.self) {
                _ = try await storage.createVolume(VolumeSpec(poolId: pool.poolId, name: name, sizeBytes: Self.mebibyte))
            }
        }
        await #expect(throws: UserspaceNFSStorageError.self) {
            _ = try await storage.volume(poolId: "test-not-attached-\(unique)", name: "x")
        }
        try await storage.detach(poolId: pool.poolId)
    }
}

/// Server and export path of CUMULO_TEST_NFS_URL, when set.
private enum UserspaceNFSTestExport {
    static let location: (server: String, path: String)? = {
        guard let url = ProcessInfo.processInfo.environment["CUMULO_TEST_NFS_URL"], url.hasPrefix("nfs://") else { return nil }
        let rest = url.dropFirst("nfs://".count)
        guard let slash = rest.firstIndex(of: "/") else { return nil }
        return (String(rest[..<slash]), String(rest[slash...]).split(separator: "?")[0].description)
    }()
}
