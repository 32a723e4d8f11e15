import AgentProtocol
import Foundation
@testable import AgentRuntime
import Hypervisor
import HypervisorSimulator
import Testing

@Suite("Template copies on primary storage")
struct ImageCopyHandlerTests {
    let template = "nfs://192.0.2.9/export/secondary/template/tmpl/2/5/5.qcow2"

    func copySpec(_ name: String = "template-5", sizeBytes: Int64 = 0, source: String? = nil) -> VolumeSpec {
        VolumeSpec(poolId: "pool1", name: name, sizeBytes: sizeBytes, sourceImage: source ?? template)
    }

    @Test func aTemplateIsCopiedOncePerPoolAndOverlaysUseIt() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        try await harness.localPool()
        harness.driver.setImage(at: template, virtualSizeBytes: 2 << 30)

        let copied = try await harness.run(.createVolume(copySpec()))
        let expected = VolumeReport(poolId: "pool1", name: "template-5", location: "/var/lib/pools/pool1/template-5",
                                    virtualSizeBytes: 2 << 30, physicalSizeBytes: 2 << 30)
        #expect(copied == .volume(expected))
        #expect(harness.driver.sourceImage(pool: "cumulo-pool1", volume: "template-5") == template)
        #expect(harness.driver.callCount(.copyImage) == 1)

        // The second request finds the copy and does not copy again.
        #expect(try await harness.run(.createVolume(copySpec(sizeBytes: 1 << 30))) == .volume(expected))
        #expect(harness.driver.callCount(.copyImage) == 1)

        // Root disks are overlays on the copy.
        try await harness.run(.createVolume(VolumeSpec(poolId: "pool1", name: "root-10", sizeBytes: 20 << 30, backingVolume: "template-5")))
        #expect(harness.driver.backing(pool: "cumulo-pool1", volume: "root-10")?.path == "/var/lib/pools/pool1/template-5")
    }

    @Test func theCopyIsAsLargeAsTheLargerOfImageAndRequest() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        try await harness.localPool()
        harness.driver.setImage(at: template, virtualSizeBytes: 2 << 30)
        #expect(try await harness.run(.createVolume(copySpec("big", sizeBytes: 10 << 30)))
                == .volume(VolumeReport(poolId: "pool1", name: "big", location: "/var/lib/pools/pool1/big",
                                        virtualSizeBytes: 10 << 30, physicalSizeBytes: 10 << 30)))
        // A local path (or file:// URL) is a source too.
        try await harness.run(.createVolume(copySpec("local", sizeBytes: 1 << 30, source: "file:///var/lib/images/t.raw")))
        #expect(harness.driver.sourceImage(pool: "cumulo-pool1", volume: "local") == "/var/lib/images/t.raw")
    }

    @Test func concurrentRequestsShareOneCopy() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        try await harness.localPool()
        harness.driver.setImage(at: template, virtualSizeBytes: 2 << 30)
        harness.driver.delay(.copyImage, by: .milliseconds(200))
        async let first = harness.run(.createVolume(copySpec()))
        async let second = harness.run(.createVolume(copySpec()))
        let (a, b) = try await (first, second)
        #expect(a == b)
        #expect(harness.driver.callCount(.copyImage) == 1)
    }

    @Test func refusedAndFailedCopies() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        try await harness.localPool()
        #expect(await harness.failure(.createVolume(copySpec(source: "http://example.com/t.qcow2")))?
            .contains("unsupported image location 'http://example.com/t.qcow2'") == true)
        #expect(await harness.failure(.createVolume(VolumeSpec(poolId: "pool1", name: "t", sizeBytes: 1 << 30, format: .raw, sourceImage: template)))
                == "cannot create volume t on pool pool1: copies of images are qcow2, not raw")
        #expect(await harness.failure(.createVolume(VolumeSpec(poolId: "pool1", name: "t", sizeBytes: 1 << 30, backingVolume: "x", sourceImage: template)))
                == "cannot create volume t on pool pool1: a copy of an image cannot also be an overlay")
        #expect(await harness.failure(.createVolume(copySpec(sizeBytes: -1))) == "cannot create volume template-5 on pool pool1: the size must not be negative")
        harness.driver.failNext(.copyImage, with: HypervisorError(.failed, "qemu-img convert failed (status 1): Could not open"))
        #expect(await harness.failure(.createVolume(copySpec(sizeBytes: 1 << 30)))
                == "cannot create volume template-5 on pool pool1: qemu-img convert failed (status 1): Could not open")
        #expect(try await harness.storage.volume(poolId: "pool1", name: "template-5") == nil)
        // The next attempt copies.
        try await harness.run(.createVolume(copySpec(sizeBytes: 1 << 30)))
        #expect(try await harness.storage.volume(poolId: "pool1", name: "template-5") != nil)
    }

    @Test func qemuImgSourcesAreChecked() throws {
        #expect(try DiskSourceResolver.qemuLocation("nfs://10.0.0.5/export/t/5.qcow2") == "nfs://10.0.0.5/export/t/5.qcow2")
        #expect(try DiskSourceResolver.qemuLocation("file:///var/lib/t.qcow2") == "/var/lib/t.qcow2")
        #expect(throws: (any Error).self) { try DiskSourceResolver.qemuLocation("t.qcow2") }
        #expect(throws: Never.self) { try QemuImg.acceptCopySource(QemuImageInfo(format: "qcow2", virtualSize: 1), location: "a") }
        #expect(throws: Never.self) { try QemuImg.acceptCopySource(QemuImageInfo(format: "raw", virtualSize: 1), location: "a") }
        for refused in [QemuImageInfo(format: "vmdk", virtualSize: 1),
                        QemuImageInfo(format: "qcow2", virtualSize: 1, backingFilename: "/etc/shadow"),
                        QemuImageInfo(format: "qcow2", virtualSize: 1, dataFile: "/dev/sda"),
                        QemuImageInfo(format: "qcow2", virtualSize: 1, encrypted: true)] {
            #expect(throws: HypervisorError.self) { try QemuImg.acceptCopySource(refused, location: "a") }
        }
    }

    @Test func qemuImgInfoReadsDataFilesAndBackingFiles() throws {
        let json = """
        {"virtual-size": 1048576, "filename": "x", "format": "qcow2", "actual-size": 4096, "backing-filename": "base.qcow2",
         "encrypted": false, "format-specific": {"type": "qcow2", "data": {"compat": "1.1", "data-file": "x.raw"}}}
        """
        let info = try JSONDecoder().decode(QemuImageInfo.self, from: Data(json.utf8))
        #expect(info == QemuImageInfo(format: "qcow2", virtualSize: 1_048_576, actualSize: 4096, backingFilename: "base.qcow2",
                                      dataFile: "x.raw", encrypted: false))
        let raw = #"{"virtual-size": 5, "format": "raw", "format-specific": {"type": "file", "data": {"extent-size-hint": 1048576}}}"#
        #expect(try JSONDecoder().decode(QemuImageInfo.self, from: Data(raw.utf8)) == QemuImageInfo(format: "raw", virtualSize: 5))
    }
}
