import AgentProtocol
@testable import AgentRuntime
import Foundation
import Hypervisor
import HypervisorSimulator
import Testing

@Suite("Config drive")
struct ConfigDriveTests {
    let files = [
        "openstack/latest/meta_data.json": #"{"uuid": "uuid-i-2-10-VM", "hostname": "web"}"#,
        "openstack/latest/user_data": "#cloud-config\npackages: [nginx]\n",
    ]

    /// Bytes 32808..<32840 of an ISO 9660 image: the volume identifier of the primary volume descriptor.
    func volumeLabel(_ path: String) throws -> String {
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        try #require(data.count > 32840)
        #expect(data[32768] == 1)
        #expect(String(decoding: data[32769..<32774], as: UTF8.self) == "CD001")
        return String(decoding: data[32808..<32840], as: UTF8.self).trimmingCharacters(in: .whitespaces)
    }

    @Test func startBuildsAndAttachesTheConfigDrive() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        try await harness.localPool(volumes: ["i-2-10-VM-root"])
        try await harness.network()
        try await harness.run(.startVM(vmSpec(configDrive: files)))

        let iso = harness.configuration.configDriveDirectory + "/i-2-10-VM.iso"
        #expect(FileManager.default.fileExists(atPath: iso))
        #expect(try volumeLabel(iso) == "config-2")
        // qemu (an unprivileged user) can pass through to the image and read it; nobody else can list the directory.
        let manager = FileManager.default
        #expect(try manager.attributesOfItem(atPath: harness.configuration.configDriveDirectory)[.posixPermissions] as? Int == 0o711)
        #expect(try manager.attributesOfItem(atPath: harness.configuration.vmFilesDirectory)[.posixPermissions] as? Int == 0o711)
        #expect(try manager.attributesOfItem(atPath: iso)[.posixPermissions] as? Int == 0o644)
        #expect(!iso.hasPrefix(harness.stateDirectory + "/"))
        let domain = try #require(harness.driver.domainSpec("i-2-10-VM"))
        #expect(domain.disks.last == DomainDisk(device: .cdrom, source: .file(path: iso), format: "raw", target: "hdd", bus: "ide", readOnly: true))
        // Nothing but the image stays in the directory.
        #expect(try FileManager.default.contentsOfDirectory(atPath: harness.configuration.configDriveDirectory) == ["i-2-10-VM.iso"])

        if FileManager.default.isExecutableFile(atPath: "/usr/bin/isoinfo") {
            let info = try await ProcessRunner.run("/usr/bin/isoinfo", ["-d", "-i", iso])
            #expect(info.contains("Volume id: config-2"))
            let metaData = try await ProcessRunner.run("/usr/bin/isoinfo", ["-R", "-i", iso, "-x", "/openstack/latest/meta_data.json"])
            #expect(metaData == files["openstack/latest/meta_data.json"])
        }

        try await harness.run(.destroyVM(name: "i-2-10-VM"))
        #expect(!FileManager.default.fileExists(atPath: iso))
    }

    @Test func configDriveTakesHddBesideAnISO() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        try await harness.localPool(volumes: ["i-2-10-VM-root"])
        try await harness.network()
        let disks = [
            DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "i-2-10-VM-root"), deviceId: 0),
            DiskSpec(kind: .cdrom, source: .image(location: "/isos/tools.iso"), deviceId: 3),
        ]
        try await harness.run(.startVM(vmSpec(disks: disks, configDrive: files)))
        let cdroms = try #require(harness.driver.domainSpec("i-2-10-VM")).disks.filter { $0.device == .cdrom }
        #expect(cdroms.map(\.target) == ["hdc", "hdd"])
        #expect(cdroms.first?.source == .file(path: "/isos/tools.iso"))
    }

    @Test func failedStartRemovesTheConfigDrive() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        try await harness.localPool(volumes: ["i-2-10-VM-root"])
        try await harness.network()
        harness.driver.failNext(.start, with: HypervisorError(.failed, "no"))
        #expect(await harness.failure(.startVM(vmSpec(configDrive: files))) != nil)
        #expect(!FileManager.default.fileExists(atPath: harness.configuration.configDriveDirectory + "/i-2-10-VM.iso"))
        #expect(harness.driver.domainNames.isEmpty)
    }

    @Test func pathsLeavingTheDriveAreRefused() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        try await harness.localPool(volumes: ["i-2-10-VM-root"])
        try await harness.network()
        let reason = await harness.failure(.startVM(vmSpec(configDrive: ["../../etc/passwd": "x"])))
        #expect(reason?.contains("not a valid config-drive file path") == true)
        #expect(harness.driver.domainNames.isEmpty)
        #expect(try ConfigDriveBuilder.relativePath("/openstack/latest/meta_data.json") == "openstack/latest/meta_data.json")
    }

    @Test func aMissingImageBuilderFailsTheStart() async throws {
        let harness = Harness { $0.genisoimagePath = "/nonexistent/genisoimage" }
        defer { harness.cleanUp() }
        try await harness.localPool(volumes: ["i-2-10-VM-root"])
        try await harness.network()
        #expect(await harness.failure(.startVM(vmSpec(configDrive: files))) != nil)
        #expect(harness.driver.domainNames.isEmpty)
    }
}

@Suite("VM files directory")
struct VMFilesDirectoryTests {
    @Test func vmFilesLiveApartFromTheStateDirectory() {
        let configuration = AgentRuntimeConfiguration(hostName: "kvm1", stateDirectory: "/var/lib/cumulo-agent")
        #expect(configuration.vmFilesDirectory == "/var/lib/libvirt/cumulo/kvm1")
        #expect(configuration.configDriveDirectory == "/var/lib/libvirt/cumulo/kvm1/config-drives")
        #expect(configuration.mountRoot == "/var/lib/libvirt/cumulo/kvm1/mnt")
        let given = AgentRuntimeConfiguration(hostName: "kvm1", vmFilesDirectory: "/srv/vm-files")
        #expect(given.configDriveDirectory == "/srv/vm-files/config-drives")
        #expect(given.mountRoot == "/srv/vm-files/mnt")
    }

    @Test func createdDirectoriesAreTraversableButNotListable() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("vm-files-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let previous = umask(0o077)
        defer { umask(previous) }
        try VMFileDirectory.create(root + "/host/mnt")
        for path in [root, root + "/host", root + "/host/mnt"] {
            #expect(try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int == 0o711)
        }
        try VMFileDirectory.create(root + "/host/mnt")
    }
}
