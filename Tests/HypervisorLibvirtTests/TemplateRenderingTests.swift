import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif
import Hypervisor
@testable import HypervisorLibvirt
import Testing

@Suite("Template rendering")
struct TemplateRenderingTests {
    let renderer: TemplateRenderer

    init() throws {
        renderer = try TemplateRenderer(overrideDirectory: nil)
    }

    static let tricky = #"Tom & "Jerry" <cat> 'mouse'"#

    static let spec = DomainSpec(
        name: "cumulo-test-render", uuid: "8e1c3f4a-2b5d-4c6e-9f70-1a2b3c4d5e6f", domainType: "qemu",
        vcpus: 2, cpuShares: 1500, memoryMiB: 512,
        disks: [
            DomainDisk(device: .disk, source: .file(path: "/var/lib/cumulo/pool/root.qcow2"), format: "qcow2", target: "vda", bus: "virtio"),
            DomainDisk(device: .disk, source: .nfs(server: "198.18.0.10", path: "/export/primary/data.qcow2"), format: "qcow2", target: "vdb", bus: "virtio"),
            DomainDisk(device: .cdrom, source: nil, format: "raw", target: "hdc", bus: "ide"),
            DomainDisk(device: .cdrom, source: .file(path: "/var/lib/cumulo/iso/tools.iso"), format: "raw", target: "hdd", bus: "ide"),
        ],
        interfaces: [
            DomainInterface(mac: "52:54:00:12:34:01", network: "cumulo-guest-1"),
            DomainInterface(mac: "52:54:00:12:34:02", network: "cumulo-guest-2", model: "e1000"),
        ],
        bootOrder: ["cdrom", "hd", "network"], vncOnLoopback: true, description: tricky)

    func parse(_ xml: String) throws -> XMLDocument {
        try XMLDocument(xmlString: xml, options: [])
    }

    func values(_ document: XMLDocument, _ xpath: String) throws -> [String] {
        try document.nodes(forXPath: xpath).compactMap(\.stringValue)
    }

    func value(_ document: XMLDocument, _ xpath: String) throws -> String? {
        try values(document, xpath).first
    }

    @Test func domainXMLHasTheSpecifiedMachine() throws {
        let document = try parse(renderer.domainXML(Self.spec))
        #expect(try value(document, "/domain/@type") == "qemu")
        #expect(try value(document, "/domain/name") == "cumulo-test-render")
        #expect(try value(document, "/domain/uuid") == Self.spec.uuid)
        #expect(try value(document, "/domain/memory") == "512")
        #expect(try value(document, "/domain/memory/@unit") == "MiB")
        #expect(try value(document, "/domain/vcpu") == "2")
        #expect(try value(document, "/domain/cputune/shares") == "1500")
        #expect(try value(document, "/domain/os/type") == "hvm")
        #expect(try values(document, "/domain/os/boot/@dev") == ["cdrom", "hd", "network"])
        #expect(try document.nodes(forXPath: "/domain/features/acpi").count == 1)
        #expect(try document.nodes(forXPath: "/domain/features/apic").count == 1)
        #expect(try value(document, "/domain/on_poweroff") == "destroy")
        #expect(try value(document, "/domain/on_reboot") == "restart")
        #expect(try value(document, "/domain/on_crash") == "destroy")
    }

    @Test func domainXMLDisks() throws {
        let document = try parse(renderer.domainXML(Self.spec))
        #expect(try document.nodes(forXPath: "/domain/devices/disk").count == 4)

        let file = "/domain/devices/disk[target/@dev='vda']"
        #expect(try value(document, "\(file)/@type") == "file")
        #expect(try value(document, "\(file)/@device") == "disk")
        #expect(try value(document, "\(file)/driver/@type") == "qcow2")
        #expect(try value(document, "\(file)/source/@file") == "/var/lib/cumulo/pool/root.qcow2")
        #expect(try value(document, "\(file)/target/@bus") == "virtio")
        #expect(try document.nodes(forXPath: "\(file)/readonly").isEmpty)

        let nfs = "/domain/devices/disk[target/@dev='vdb']"
        #expect(try value(document, "\(nfs)/@type") == "network")
        #expect(try value(document, "\(nfs)/@device") == "disk")
        #expect(try value(document, "\(nfs)/driver/@name") == "qemu")
        #expect(try value(document, "\(nfs)/driver/@type") == "qcow2")
        #expect(try value(document, "\(nfs)/source/@protocol") == "nfs")
        #expect(try value(document, "\(nfs)/source/@name") == "/export/primary/data.qcow2")
        #expect(try value(document, "\(nfs)/source/host/@name") == "198.18.0.10")
        #expect(try value(document, "\(nfs)/source/identity/@user") == "root")
        #expect(try value(document, "\(nfs)/source/identity/@group") == "root")

        let empty = "/domain/devices/disk[target/@dev='hdc']"
        #expect(try value(document, "\(empty)/@device") == "cdrom")
        #expect(try document.nodes(forXPath: "\(empty)/source").isEmpty)
        #expect(try document.nodes(forXPath: "\(empty)/readonly").count == 1)
        #expect(try value(document, "\(empty)/target/@bus") == "ide")

        let iso = "/domain/devices/disk[target/@dev='hdd']"
        #expect(try value(document, "\(iso)/@device") == "cdrom")
        #expect(try value(document, "\(iso)/@type") == "file")
        #expect(try value(document, "\(iso)/source/@file") == "/var/lib/cumulo/iso/tools.iso")
        #expect(try value(document, "\(iso)/driver/@type") == "raw")
        #expect(try document.nodes(forXPath: "\(iso)/readonly").count == 1)
    }

    @Test func domainXMLInterfacesConsoleAndDisplay() throws {
        let document = try parse(renderer.domainXML(Self.spec))
        #expect(try values(document, "/domain/devices/interface/@type") == ["network", "network"])
        #expect(try values(document, "/domain/devices/interface/source/@network") == ["cumulo-guest-1", "cumulo-guest-2"])
        #expect(try values(document, "/domain/devices/interface/mac/@address") == ["52:54:00:12:34:01", "52:54:00:12:34:02"])
        #expect(try values(document, "/domain/devices/interface/model/@type") == ["virtio", "e1000"])
        #expect(try value(document, "/domain/devices/serial/@type") == "pty")
        #expect(try value(document, "/domain/devices/console/@type") == "pty")
        #expect(try value(document, "/domain/devices/graphics/@type") == "vnc")
        #expect(try value(document, "/domain/devices/graphics/@listen") == "127.0.0.1")
        #expect(try value(document, "/domain/devices/graphics/@autoport") == "yes")
        #expect(try value(document, "/domain/devices/video/model/@type") == "cirrus")

        var headless = Self.spec
        headless.vncOnLoopback = false
        let noVNC = try parse(renderer.domainXML(headless))
        #expect(try noVNC.nodes(forXPath: "/domain/devices/graphics").isEmpty)
    }

    @Test func substitutedValuesAreEscaped() throws {
        let xml = try renderer.domainXML(Self.spec)
        #expect(!xml.contains(Self.tricky))
        let document = try parse(xml)
        #expect(try value(document, "/domain/description") == Self.tricky)

        var spec = Self.spec
        spec.disks = [DomainDisk(device: .disk, source: .file(path: "/tmp/a'b&c\".qcow2"), format: "qcow2", target: "vda", bus: "virtio")]
        let attribute = try parse(renderer.domainXML(spec))
        #expect(try value(attribute, "/domain/devices/disk/source/@file") == "/tmp/a'b&c\".qcow2")

        let host = try parse(renderer.dhcpHostXML(DHCPHost(mac: "52:54:00:00:00:01", ip: "198.18.1.2", name: "a&b'c")))
        #expect(try value(host, "/host/@name") == "a&b'c")
    }

    static let network = NetworkSpec(name: "cumulo-test-net", bridge: "cmtest9", address: "198.18.9.1", netmask: "255.255.255.0", hosts: [
        DHCPHost(mac: "52:54:00:aa:00:01", ip: "198.18.9.10", name: "vm-one"),
        DHCPHost(mac: "52:54:00:aa:00:02", ip: "198.18.9.11", name: "vm-two"),
    ])

    @Test func networkIsIsolatedWithStaticDHCPOnly() throws {
        let document = try parse(renderer.networkXML(Self.network))
        #expect(try document.nodes(forXPath: "//forward").isEmpty)
        #expect(try document.nodes(forXPath: "//nat").isEmpty)
        #expect(try document.nodes(forXPath: "//range").isEmpty)
        #expect(try value(document, "/network/name") == "cumulo-test-net")
        #expect(try value(document, "/network/bridge/@name") == "cmtest9")
        #expect(try value(document, "/network/bridge/@stp") == "on")
        #expect(try value(document, "/network/bridge/@delay") == "0")
        #expect(try value(document, "/network/ip/@address") == "198.18.9.1")
        #expect(try value(document, "/network/ip/@netmask") == "255.255.255.0")
        #expect(try values(document, "/network/ip/dhcp/host/@mac") == ["52:54:00:aa:00:01", "52:54:00:aa:00:02"])
        #expect(try values(document, "/network/ip/dhcp/host/@ip") == ["198.18.9.10", "198.18.9.11"])
        #expect(try values(document, "/network/ip/dhcp/host/@name") == ["vm-one", "vm-two"])

        var empty = Self.network
        empty.hosts = []
        let noHosts = try parse(renderer.networkXML(empty))
        #expect(try noHosts.nodes(forXPath: "//forward").isEmpty)
        #expect(try noHosts.nodes(forXPath: "/network/ip/dhcp/host").isEmpty)
        #expect(try value(noHosts, "/network/name") == "cumulo-test-net")
    }

    @Test func poolAndVolumeXML() throws {
        let dir = try parse(renderer.poolXML(PoolDefinition(name: "cumulo-test-p", kind: .directory(path: "/var/lib/cumulo/p"))))
        #expect(try value(dir, "/pool/@type") == "dir")
        #expect(try value(dir, "/pool/name") == "cumulo-test-p")
        #expect(try value(dir, "/pool/target/path") == "/var/lib/cumulo/p")

        let netfs = try parse(renderer.poolXML(PoolDefinition(name: "cumulo-test-n", kind: .netfs(server: "198.18.0.5", exportPath: "/export/primary", mountPoint: "/mnt/cumulo/n"))))
        #expect(try value(netfs, "/pool/@type") == "netfs")
        #expect(try value(netfs, "/pool/source/host/@name") == "198.18.0.5")
        #expect(try value(netfs, "/pool/source/dir/@path") == "/export/primary")
        #expect(try value(netfs, "/pool/source/format/@type") == "nfs")
        #expect(try value(netfs, "/pool/target/path") == "/mnt/cumulo/n")

        let plain = try parse(renderer.volumeXML(VolumeDefinition(name: "v.raw", capacityBytes: 1_048_576, format: "raw")))
        #expect(try value(plain, "/volume/name") == "v.raw")
        #expect(try value(plain, "/volume/capacity") == "1048576")
        #expect(try value(plain, "/volume/capacity/@unit") == "bytes")
        #expect(try value(plain, "/volume/target/format/@type") == "raw")
        #expect(try plain.nodes(forXPath: "/volume/backingStore").isEmpty)

        let overlay = try parse(renderer.volumeXML(VolumeDefinition(name: "o.qcow2", capacityBytes: 2_097_152, backingPath: "/p/base.qcow2", backingFormat: "qcow2")))
        #expect(try value(overlay, "/volume/target/format/@type") == "qcow2")
        #expect(try value(overlay, "/volume/backingStore/path") == "/p/base.qcow2")
        #expect(try value(overlay, "/volume/backingStore/format/@type") == "qcow2")

        // Without a backing format the element is left out (not filled from the volume's own format).
        let probed = try parse(renderer.volumeXML(VolumeDefinition(name: "o.qcow2", capacityBytes: 2_097_152, format: "qcow2", backingPath: "/p/base.raw")))
        #expect(try value(probed, "/volume/backingStore/path") == "/p/base.raw")
        #expect(try probed.nodes(forXPath: "/volume/backingStore/format").isEmpty)
    }

    @Test func cdromDeviceXMLForMediaChanges() throws {
        let eject = try parse(renderer.diskXML(DomainDisk(device: .cdrom, source: nil, format: "raw", target: "hdc", bus: "ide")))
        #expect(try value(eject, "/disk/@device") == "cdrom")
        #expect(try eject.nodes(forXPath: "/disk/source").isEmpty)
        #expect(try value(eject, "/disk/target/@dev") == "hdc")

        let nfs = try parse(renderer.diskXML(DomainDisk(device: .cdrom, source: .nfs(server: "198.18.0.7", path: "/iso/x.iso"), format: "raw", target: "hdc", bus: "ide")))
        #expect(try value(nfs, "/disk/@type") == "network")
        #expect(try value(nfs, "/disk/source/@name") == "/iso/x.iso")
        #expect(try nfs.nodes(forXPath: "/disk/readonly").count == 1)
    }

    @Test func overrideDirectoryReplacesATemplate() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-test-templates-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        try "<pool type='dir'><name>{{name}}</name><target><path>/override{{path}}</path></target></pool>\n"
            .write(to: directory.appendingPathComponent("pool-dir.xml.mustache"), atomically: true, encoding: .utf8)
        let custom = try TemplateRenderer(overrideDirectory: directory.path)
        let document = try parse(custom.poolXML(PoolDefinition(name: "p", kind: .directory(path: "/x"))))
        #expect(try value(document, "/pool/target/path") == "/override/x")
        // Templates without an override file still come from the embedded set.
        #expect(try parse(custom.networkXML(Self.network)).nodes(forXPath: "/network/bridge").count == 1)
    }
}

@Suite("Embedded templates")
struct EmbeddedTemplatesTests {
    /// The repository's `templates/` folder, found from this file's location.
    static let templatesDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("templates")

    @Test func generatedFileMatchesTemplatesFolder() throws {
        let suffix = ".xml.mustache"
        let files = try FileManager.default.contentsOfDirectory(atPath: Self.templatesDirectory.path).filter { $0.hasSuffix(suffix) }
        #expect(!files.isEmpty)
        var onDisk: [String: String] = [:]
        for file in files {
            onDisk[String(file.dropLast(suffix.count))] = try String(contentsOf: Self.templatesDirectory.appendingPathComponent(file), encoding: .utf8)
        }
        #expect(Set(onDisk.keys) == Set(EmbeddedTemplates.all.keys),
                "template set changed: run scripts/dev/embed-templates.py")
        for (name, text) in onDisk.sorted(by: { $0.key < $1.key }) {
            #expect(EmbeddedTemplates.all[name] == text, "templates/\(name)\(suffix) changed: run scripts/dev/embed-templates.py")
        }
    }

    @Test func everyTemplateIsDocumented() throws {
        let readme = try String(contentsOf: Self.templatesDirectory.appendingPathComponent("README.md"), encoding: .utf8)
        for name in EmbeddedTemplates.all.keys {
            #expect(readme.contains("\(name).xml.mustache"), "templates/README.md does not describe \(name).xml.mustache")
        }
    }
}
