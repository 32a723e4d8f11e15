import Foundation
import Hypervisor
@testable import HypervisorLibvirt
import Testing

/// Templates copied from the NFS image store (`CUMULO_TEST_NFS_SECONDARY_EXPORT`, served by the server of
/// `CUMULO_TEST_NFS_URL`) into a directory pool of a real libvirtd, read by qemu-img over `nfs://`.
@Suite("Image copies into pools", .serialized,
       .enabled(if: TestEnvironment.libvirtURI != nil && TestEnvironment.nfsExport != nil && TestEnvironment.secondaryExport != nil,
                "set CUMULO_TEST_LIBVIRT_URI, CUMULO_TEST_NFS_URL and CUMULO_TEST_NFS_SECONDARY_EXPORT"))
struct ImageCopyTests {
    struct Image: Decodable {
        var format: String
        var virtualSize: Int64
        var backingFilename: String?

        enum CodingKeys: String, CodingKey {
            case format
            case virtualSize = "virtual-size"
            case backingFilename = "backing-filename"
        }
    }

    static func info(_ path: String) async throws -> Image {
        let result = try await runCommand("/usr/bin/qemu-img", ["info", "--output=json", "-U", path])
        try #require(result.status == 0, "qemu-img info: \(result.output)")
        return try JSONDecoder().decode(Image.self, from: Data(result.output.utf8))
    }

    static func qemuImg(_ arguments: [String]) async throws {
        let result = try await runCommand("/usr/bin/qemu-img", arguments)
        try #require(result.status == 0, "qemu-img \(arguments.joined(separator: " ")): \(result.output)")
    }

    /// Writes `pattern` into 64 KiB at 1 MiB of an image, so copies can be compared with data in them.
    static func fill(_ path: String, format: String, pattern: String) async throws {
        let result = try await runCommand("/usr/bin/qemu-io", ["-f", format, "-c", "write -P \(pattern) 1M 64k", path])
        try #require(result.status == 0, "qemu-io: \(result.output)")
    }

    static func leftovers(_ directory: String) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []).filter { $0.hasPrefix(".") }
    }

    @Test func templatesAreCopiedOnceAndTakeOverlays() async throws {
        let uri = try #require(TestEnvironment.libvirtURI)
        let server = try #require(TestEnvironment.nfsExport).server
        let secondary = try #require(TestEnvironment.secondaryExport)
        let pool = "cumulo-test-copy-pool"
        let poolPath = testDirectory("cumulo-test-copy-pool")
        // A fresh directory per run: nfs-ganesha answers NFS3ERR_STALE for a while for names deleted locally and made again.
        let store = secondary + "/cumulo-test-copy-\(UUID().uuidString.prefix(8).lowercased())"
        let url = { (file: String) in "nfs://\(server)\(store)/\(file)" }
        try await withDriver(uri) { driver in
            func cleanup() async {
                await scrubPool(driver, pool)
                try? FileManager.default.removeItem(atPath: poolPath)
                try? FileManager.default.removeItem(atPath: store)
            }
            await scrubPool(driver, pool)
            try? FileManager.default.removeItem(atPath: poolPath)
            try await withCleanup {
                try FileManager.default.createDirectory(atPath: store + "/tmpl/5", withIntermediateDirectories: true)
                try await Self.qemuImg(["create", "-q", "-f", "qcow2", store + "/tmpl/5/t.qcow2", "48M"])
                try await Self.fill(store + "/tmpl/5/t.qcow2", format: "qcow2", pattern: "0xab")
                try await Self.qemuImg(["create", "-q", "-f", "raw", store + "/r.raw", "16M"])
                try await Self.fill(store + "/r.raw", format: "raw", pattern: "0xcd")
                try await Self.qemuImg(["create", "-q", "-f", "qcow2", "-b", "/etc/hostname", "-F", "raw", store + "/evil.qcow2", "1M"])
                _ = try await driver.ensure(pool: PoolDefinition(name: pool, kind: .directory(path: poolPath)))

                let copy = try await driver.copyImage(url("tmpl/5/t.qcow2"), pool: pool, name: "template-5", minimumCapacityBytes: 0)
                #expect(copy.path == poolPath + "/template-5")
                #expect(copy.capacityBytes == 48 << 20)
                let copied = try await Self.info(copy.path)
                #expect(copied.format == "qcow2")
                #expect(copied.backingFilename == nil)
                let same = try await runCommand("/usr/bin/qemu-img", ["compare", "-q", "-U", store + "/tmpl/5/t.qcow2", copy.path])
                #expect(same.status == 0, "the copy differs from its template: \(same.output)")
                #expect(Self.leftovers(poolPath).isEmpty)

                // The second request returns the copy without copying again.
                let inode = try FileManager.default.attributesOfItem(atPath: copy.path)[.systemFileNumber] as? Int
                let again = try await driver.copyImage(url("tmpl/5/t.qcow2"), pool: pool, name: "template-5", minimumCapacityBytes: 1 << 30)
                #expect(again == copy)
                #expect(try FileManager.default.attributesOfItem(atPath: copy.path)[.systemFileNumber] as? Int == inode)

                // Grown to the size asked for when that is larger; raw templates become qcow2 copies.
                let grown = try await driver.copyImage(url("tmpl/5/t.qcow2"), pool: pool, name: "template-5-big", minimumCapacityBytes: 96 << 20)
                #expect(grown.capacityBytes == 96 << 20)
                #expect(try await Self.info(grown.path).virtualSize == 96 << 20)
                let raw = try await driver.copyImage(url("r.raw"), format: "raw", pool: pool, name: "template-raw", minimumCapacityBytes: 0)
                #expect(raw.capacityBytes == 16 << 20)
                #expect(try await Self.info(raw.path).format == "qcow2")
                let rawSame = try await runCommand("/usr/bin/qemu-img", ["compare", "-q", "-U", "-f", "raw", "-F", "qcow2", store + "/r.raw", raw.path])
                #expect(rawSame.status == 0, "the copy differs from its template: \(rawSame.output)")

                // Root disks are overlays on the copy.
                let overlay = try await driver.createVolume(pool: pool, spec: VolumeDefinition(
                    name: "root-10", capacityBytes: 64 << 20, backingPath: copy.path, backingFormat: "qcow2"))
                let layered = try await Self.info(overlay.path)
                #expect(layered.backingFilename == copy.path)
                #expect(layered.virtualSize == 64 << 20)
                let through = try await runCommand("/usr/bin/qemu-io", ["-r", "-U", "-f", "qcow2", "-c", "read -P 0xab 1M 64k", overlay.path])
                #expect(through.status == 0 && !through.output.contains("Pattern verification failed"), "\(through.output)")

                // Templates that would pull in host files, and missing ones, fail and leave nothing behind.
                do {
                    _ = try await driver.copyImage(url("evil.qcow2"), pool: pool, name: "evil", minimumCapacityBytes: 0)
                    Issue.record("an image with a backing file was copied")
                } catch let error as HypervisorError {
                    #expect(error.kind == .invalidArgument)
                    #expect(error.message.contains("backing file"), "\(error.message)")
                }
                await #expect(throws: (any Error).self) {
                    _ = try await driver.copyImage(url("missing.qcow2"), pool: pool, name: "missing", minimumCapacityBytes: 1 << 20)
                }
                // An image is read as the format it was registered with: a raw file registered as qcow2 is refused.
                do {
                    _ = try await driver.copyImage(url("r.raw"), format: "qcow2", pool: pool, name: "posing", minimumCapacityBytes: 0)
                    Issue.record("a raw file was copied as a qcow2 image")
                } catch let error as HypervisorError {
                    #expect(error.kind == .invalidArgument)
                    #expect(error.message.contains("not a qcow2 image"), "\(error.message)")
                }
                #expect(try await driver.volume(pool: pool, name: "posing") == nil)
                #expect(try await driver.volume(pool: pool, name: "evil") == nil)
                #expect(try await driver.volume(pool: pool, name: "missing") == nil)
                #expect(Self.leftovers(poolPath).isEmpty)
                #expect(try await driver.listVolumes(pool: pool).map(\.name) == ["root-10", "template-5", "template-5-big", "template-raw"])
            } cleanup: {
                await cleanup()
            }
        }
    }
}
