import Foundation
import Hypervisor
@testable import HypervisorLibvirt
import Testing

/// The agent's file layout against a real libvirtd: a config drive under a 0711 VM-files directory (as
/// `/var/lib/libvirt/cumulo/<host>`) starts even though the agent's own state directory is 0700.
@Suite("config drive permissions", .serialized, .enabled(if: TestEnvironment.libvirtURI != nil, "set CUMULO_TEST_LIBVIRT_URI"))
struct ConfigDrivePermissionTests {
    var uri: String { TestEnvironment.libvirtURI ?? "" }

    @Test func configDriveInTheVMFilesDirectoryStarts() async throws {
        let name = "cumulo-test-sys-cfgdrive"
        let state = testDirectory("cumulo-test-state-\(UUID().uuidString)")
        let vmFiles = "/var/lib/libvirt/cumulo/cumulo-test-host"
        try await withDriver(uri) { driver in
            try await withCleanup {
                await scrubDomain(driver, name)
                try FileManager.default.createDirectory(atPath: state, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
                for directory in ["/var/lib/libvirt/cumulo", vmFiles, vmFiles + "/config-drives"] {
                    try? FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: false)
                    try FileManager.default.setAttributes([.posixPermissions: 0o711], ofItemAtPath: directory)
                }
                let iso = vmFiles + "/config-drives/\(name).iso"
                try await makeISO(at: iso, label: "config-2")
                let spec = DomainSpec(name: name, uuid: UUID().uuidString.lowercased(), domainType: "qemu", vcpus: 1, cpuShares: 100, memoryMiB: 64,
                                      disks: [DomainDisk(device: .cdrom, source: .file(path: iso), format: "raw", target: "hdd", bus: "ide", readOnly: true)],
                                      interfaces: [], bootOrder: ["cdrom"], vncOnLoopback: true)
                try await driver.define(spec)
                try await driver.start(domain: name)
                #expect(try await driver.state(domain: name) == .running)
                let summary = try #require(try await driver.summary(domain: name))
                #expect(summary.state == .running)
                #expect(summary.vncPort == (try await driver.list().first { $0.name == name })?.vncPort)
                #expect(try await driver.summary(domain: "cumulo-test-sys-no-such-domain") == nil)
            } cleanup: {
                await scrubDomain(driver, name)
                try? FileManager.default.removeItem(atPath: state)
                try? FileManager.default.removeItem(atPath: vmFiles)
            }
        }
    }
}
