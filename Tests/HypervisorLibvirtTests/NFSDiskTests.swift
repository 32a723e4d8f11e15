import Foundation
import Hypervisor
@testable import HypervisorLibvirt
import Testing

/// A domain whose disk qemu opens itself over NFS (`CUMULO_TEST_NFS_URL`, e.g. `nfs://127.0.0.1/srv/nfs/primary`).
@Suite("NFS network disks", .serialized,
       .enabled(if: TestEnvironment.libvirtURI != nil && TestEnvironment.nfsURL != nil, "set CUMULO_TEST_LIBVIRT_URI and CUMULO_TEST_NFS_URL"))
struct NFSDiskTests {
    @Test func qemuDomainRunsFromAnNFSDisk() async throws {
        let uri = try #require(TestEnvironment.libvirtURI)
        let url = try #require(TestEnvironment.nfsURL)
        let export = try #require(URL(string: url))
        let server = try #require(export.host)
        let exportPath = export.path
        let name = "cumulo-test-nfs-vm"
        // A fresh file name per run: nfs-ganesha answers NFS3ERR_STALE for a while when a name deleted behind its
        // back (locally, as this test cleans up) is created again.
        let file = "cumulo-test-nfs-\(UUID().uuidString.prefix(8).lowercased()).qcow2"
        let remotePath = exportPath + "/" + file
        // The export is also a local directory on the test host, which lets the test delete the file.
        let localPath = remotePath
        try await withDriver(uri) { driver in
            func cleanup() async {
                await scrubDomain(driver, name)
                try? FileManager.default.removeItem(atPath: localPath)
            }
            // Leftovers of an interrupted earlier run.
            await scrubDomain(driver, name)
            for leftover in (try? FileManager.default.contentsOfDirectory(atPath: exportPath)) ?? []
            where leftover.hasPrefix("cumulo-test-nfs-") && leftover.hasSuffix(".qcow2") {
                try? FileManager.default.removeItem(atPath: exportPath + "/" + leftover)
            }
            try await withCleanup {
                let created = try await runCommand("/usr/bin/qemu-img", ["create", "-q", "-f", "qcow2", "nfs://\(server)\(remotePath)", "64M"])
                try #require(created.status == 0, "qemu-img: \(created.output)")
                let spec = DomainSpec(name: name, uuid: UUID().uuidString.lowercased(), domainType: "qemu", vcpus: 1, cpuShares: 256, memoryMiB: 96,
                                      disks: [DomainDisk(device: .disk, source: .nfs(server: server, path: remotePath), format: "qcow2", target: "vda", bus: "virtio")],
                                      interfaces: [], bootOrder: ["hd"], vncOnLoopback: false)
                try await driver.define(spec)
                try await driver.start(domain: name)
                #expect(try await eventually(timeout: .seconds(5)) { try await driver.state(domain: name) == .running })
                let live = try await driver.domainXML(name: name)
                #expect(live.contains("protocol='nfs'"))
                #expect(live.contains("name='\(remotePath)'"))
                // qemu opened the image: it reports it in its block statistics.
                _ = try await driver.stats(domain: name)
                try await driver.destroy(domain: name)
                #expect(try await driver.state(domain: name) == .shutOff)
                try await driver.undefine(domain: name)
                #expect(try await driver.state(domain: name) == nil)
            } cleanup: {
                await cleanup()
            }
            #expect(!FileManager.default.fileExists(atPath: localPath))
        }
    }
}

/// ISOs on the NFS image store (`CUMULO_TEST_NFS_SECONDARY_EXPORT`) in a CD-ROM drive, opened by qemu over NFS:
/// at start, and inserted into the running domain.
@Suite("NFS CD-ROM media", .serialized,
       .enabled(if: TestEnvironment.libvirtURI != nil && TestEnvironment.nfsExport != nil && TestEnvironment.secondaryExport != nil,
                "set CUMULO_TEST_LIBVIRT_URI, CUMULO_TEST_NFS_URL and CUMULO_TEST_NFS_SECONDARY_EXPORT"))
struct NFSMediaTests {
    @Test func isosFromTheImageStoreAtStartAndWhileRunning() async throws {
        let uri = try #require(TestEnvironment.libvirtURI)
        let server = try #require(TestEnvironment.nfsExport).server
        let secondary = try #require(TestEnvironment.secondaryExport)
        let name = "cumulo-test-nfs-iso-vm"
        // A fresh directory per run (see NFSDiskTests on stale names).
        let directory = secondary + "/cumulo-test-iso-\(UUID().uuidString.prefix(8).lowercased())"
        let first = directory + "/first.iso"
        let second = directory + "/second.iso"
        try await withDriver(uri) { driver in
            func cleanup() async {
                await scrubDomain(driver, name)
                try? FileManager.default.removeItem(atPath: directory)
            }
            await scrubDomain(driver, name)
            try await withCleanup {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
                try await makeISO(at: first, label: "FIRST")
                try await makeISO(at: second, label: "SECOND")
                try await driver.define(DomainSpec(
                    name: name, uuid: UUID().uuidString.lowercased(), domainType: "qemu", vcpus: 1, cpuShares: 256, memoryMiB: 96,
                    disks: [DomainDisk(device: .cdrom, source: .nfs(server: server, path: first), format: "raw", target: "hdc", bus: "ide")],
                    interfaces: [], bootOrder: ["cdrom", "hd"], vncOnLoopback: false))
                try await driver.start(domain: name)
                #expect(try await eventually(timeout: .seconds(5)) { try await driver.state(domain: name) == .running })
                let started = try await driver.domainXML(name: name)
                #expect(started.contains("protocol='nfs'") && started.contains("name='\(first)'"))

                // Media changes in the first seconds of a boot race with the firmware moving the tray (libvirt's
                // view of the tray can go stale; see LibvirtDriver.changeMedia): change media once it has booted.
                try await Task.sleep(for: .seconds(5))
                try await driver.changeMedia(domain: name, to: nil)
                #expect(try !(await driver.domainXML(name: name)).contains(first))
                try await driver.changeMedia(domain: name, to: .nfs(server: server, path: second))
                let inserted = try await driver.domainXML(name: name)
                #expect(inserted.contains("protocol='nfs'") && inserted.contains("name='\(second)'"))
                #expect(try await driver.domainXML(name: name, inactive: true).contains("name='\(second)'"))
                // qemu opened it: the drive has block statistics (a missing medium has none).
                let stats = try await runCommand("/usr/bin/virsh", ["-c", uri, "domblkstat", name, "hdc"])
                #expect(stats.status == 0, "\(stats.output)")

                // Swapping one NFS ISO for another while running.
                try await driver.changeMedia(domain: name, to: .nfs(server: server, path: first))
                #expect(try await driver.domainXML(name: name).contains("name='\(first)'"))
                try await driver.destroy(domain: name)
                try await driver.undefine(domain: name)
            } cleanup: {
                await cleanup()
            }
        }
    }
}
