import Foundation
import Hypervisor
@testable import HypervisorLibvirt
import Testing

/// Against a real libvirtd (`CUMULO_TEST_LIBVIRT_URI`, e.g. `qemu:///system`). Domains use type `qemu` (TCG).
@Suite("libvirt daemon", .serialized, .enabled(if: TestEnvironment.libvirtURI != nil, "set CUMULO_TEST_LIBVIRT_URI"))
struct SystemLibvirtTests {
    var uri: String { TestEnvironment.libvirtURI ?? "" }

    @Test func fingerprintOffersQemuAndOnlyWorkingKVM() async throws {
        try await withDriver(uri) { driver in
            let fingerprint = try await driver.fingerprint()
            #expect(fingerprint.domainTypes.contains("qemu"))
            #expect(fingerprint.hypervisorType == "QEMU")
            #expect(fingerprint.hypervisorVersion.wholeMatch(of: /\d+\.\d+\.\d+/) != nil)
            #expect(fingerprint.cpuCount > 0)
            #expect(fingerprint.memoryBytes > 0)
            if let kvm = fingerprint.domainTypes.firstIndex(of: "kvm") {
                #expect(kvm == 0, "kvm must come first")
                // Claimed: a boot loader must really run under kvm (not just SeaBIOS).
                #expect(try await Self.bootLoaderRunsUnderKVM(driver), "the probe claimed kvm, but a boot loader does not run under kvm")
            }
            // Cached: the second call does not probe again and says the same.
            #expect(try await driver.fingerprint().domainTypes == fingerprint.domainTypes)
            // Two more drivers probing at once (same probe domain name) agree.
            try await withDriver(uri) { second in
                try await withDriver(uri) { third in
                    async let a = second.fingerprint()
                    async let b = third.fingerprint()
                    let (typesA, typesB) = try await (a.domainTypes, b.domainTypes)
                    #expect(typesA == fingerprint.domainTypes)
                    #expect(typesB == fingerprint.domainTypes)
                }
            }
            #expect(try await driver.list().contains { $0.name == KVMProbe.domainName } == false)
            let counters = try await driver.hostCounters()
            #expect(counters.cpuTotalNanoseconds > counters.cpuBusyNanoseconds)
            #expect(counters.cpuBusyNanoseconds > 0)
            #expect(counters.memoryTotalBytes > 0)
            #expect(counters.memoryFreeBytes > 0 && counters.memoryFreeBytes <= counters.memoryTotalBytes)
        }
    }

    /// Boots an isolinux CD under kvm and checks that the guest is still running after a few seconds.
    static func bootLoaderRunsUnderKVM(_ driver: LibvirtDriver) async throws -> Bool {
        let name = "cumulo-test-sys-kvmcheck"
        let directory = testDirectory(name)
        return try await withCleanup {
            await scrubDomain(driver, name)
            try? FileManager.default.removeItem(atPath: directory)
            let tree = directory + "/tree/isolinux"
            try FileManager.default.createDirectory(atPath: tree, withIntermediateDirectories: true)
            try FileManager.default.copyItem(atPath: "/usr/lib/ISOLINUX/isolinux.bin", toPath: tree + "/isolinux.bin")
            try FileManager.default.copyItem(atPath: "/usr/lib/syslinux/modules/bios/ldlinux.c32", toPath: tree + "/ldlinux.c32")
            try "PROMPT 1\nTIMEOUT 0\n".write(toFile: tree + "/isolinux.cfg", atomically: true, encoding: .utf8)
            let iso = directory + "/boot.iso"
            let made = try await runCommand("/usr/bin/genisoimage", ["-quiet", "-o", iso, "-b", "isolinux/isolinux.bin", "-c", "isolinux/boot.cat",
                                                               "-no-emul-boot", "-boot-load-size", "4", "-boot-info-table", directory + "/tree"])
            try #require(made.status == 0, "genisoimage: \(made.output)")
            try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: iso)
            let spec = DomainSpec(name: name, uuid: UUID().uuidString.lowercased(), domainType: "kvm", vcpus: 1, cpuShares: 100, memoryMiB: 64,
                                  disks: [DomainDisk(device: .cdrom, source: .file(path: iso), format: "raw", target: "hdc", bus: "ide")],
                                  interfaces: [], bootOrder: ["cdrom"], vncOnLoopback: false)
            try await driver.define(spec)
            try await driver.start(domain: name)
            try await Task.sleep(for: .seconds(6))
            return try await driver.state(domain: name) == .running
        } cleanup: {
            await scrubDomain(driver, name)
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    @Test func qemuDomainWithPoolDiskNetworkAndMediaChanges() async throws {
        let domain = "cumulo-test-sys-vm"
        let pool = "cumulo-test-sys-pool"
        let network = "cumulo-test-sys-net"
        let bridge = "cmtest0"
        let poolPath = testDirectory("cumulo-test-sys-pool")
        let isoPath = testDirectory("cumulo-test-sys-media.iso")
        let mac = "52:54:00:c0:fe:01"
        try await withDriver(uri) { driver in
            let events = EventRecorder(driver.events())
            defer { events.stop() }
            func cleanup() async {
                await scrubDomain(driver, domain)
                await scrubPool(driver, pool)
                try? await driver.remove(network: network)
                try? FileManager.default.removeItem(atPath: poolPath)
                try? FileManager.default.removeItem(atPath: isoPath)
            }
            await cleanup()
            try await withCleanup {
                // Network: isolated, one reservation for the guest.
                var net = NetworkSpec(name: network, bridge: bridge, address: "198.18.250.1", netmask: "255.255.255.0",
                                      hosts: [DHCPHost(mac: mac, ip: "198.18.250.10", name: "cumulo-test-vm")])
                try await driver.ensure(network: net)
                #expect(FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)"))
                let netXML = try await driver.networkXML(name: network)
                #expect(!netXML.contains("<forward"))

                // Storage: dir pool in a temp directory, a qcow2 root disk.
                let capacity = try await driver.ensure(pool: PoolDefinition(name: pool, kind: .directory(path: poolPath)))
                #expect(capacity.capacityBytes > 0)
                #expect(FileManager.default.fileExists(atPath: poolPath))
                let root = try await driver.createVolume(pool: pool, spec: VolumeDefinition(name: "cumulo-test-sys-root.qcow2", capacityBytes: 64 << 20))
                #expect(root.path == poolPath + "/cumulo-test-sys-root.qcow2")
                #expect(FileManager.default.fileExists(atPath: root.path))
                try await driver.resizeVolume(pool: pool, name: root.name, capacityBytes: 96 << 20)
                #expect(try await driver.volume(pool: pool, name: root.name)?.capacityBytes == 96 << 20)
                let overlay = try await driver.createVolume(pool: pool, spec: VolumeDefinition(
                    name: "cumulo-test-sys-overlay.qcow2", capacityBytes: 96 << 20, backingPath: root.path, backingFormat: "qcow2"))
                let overlayInfo = try await runCommand("/usr/bin/qemu-img", ["info", "-U", overlay.path])
                #expect(overlayInfo.output.contains("backing file: \(root.path)"))
                try await driver.deleteVolume(pool: pool, name: overlay.name)
                #expect(!FileManager.default.fileExists(atPath: overlay.path))

                // Domain: qemu (TCG), the root disk, an empty CD-ROM, one NIC on the network.
                let spec = DomainSpec(name: domain, uuid: UUID().uuidString.lowercased(), domainType: "qemu", vcpus: 1, cpuShares: 256, memoryMiB: 128,
                                      disks: [DomainDisk(device: .disk, source: .file(path: root.path), format: "qcow2", target: "vda", bus: "virtio"),
                                              DomainDisk(device: .cdrom, source: nil, format: "raw", target: "hdc", bus: "ide")],
                                      interfaces: [DomainInterface(mac: mac, network: network)],
                                      bootOrder: ["hd", "cdrom"], vncOnLoopback: true, description: "cumulo test domain")
                try await driver.define(spec)
                #expect(try await driver.state(domain: domain) == .shutOff)
                try await driver.start(domain: domain)
                #expect(try await eventually(timeout: .seconds(5)) { try await driver.state(domain: domain) == .running })
                #expect(await events.waitFor(domain, .started))
                let summary = try #require(try await driver.list().first { $0.name == domain })
                #expect(summary.state == .running)
                #expect(summary.uuid == spec.uuid)
                #expect((summary.vncPort ?? 0) >= 5900)

                let stats = try await driver.stats(domain: domain)
                #expect(stats.vcpus == 1)
                #expect(stats.cpuTimeNanoseconds > 0)
                #expect(stats.memoryBytes == 128 << 20)

                // The guest's tap is on the bridge; updating reservations must leave both in place.
                let live = try await driver.domainXML(name: domain)
                let tap = try #require(XMLInspection.interfaceDevices(domainXML: live).first)
                #expect(FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)/brif/\(tap)"))
                let uuidBefore = try await Self.networkUUID(driver, network)
                net.hosts.append(DHCPHost(mac: "52:54:00:c0:fe:02", ip: "198.18.250.11", name: "cumulo-test-vm2"))
                try await driver.ensure(network: net)
                net.hosts.removeFirst()
                try await driver.ensure(network: net)
                #expect(try await driver.networkIsActive(name: network) == true)
                #expect(try await Self.networkUUID(driver, network) == uuidBefore)
                #expect(FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)/brif/\(tap)"))
                let hosts = try XMLInspection.networkShape(await driver.networkXML(name: network)).hosts
                #expect(hosts == net.hosts)
                let hostsFile = try? String(contentsOfFile: "/var/lib/libvirt/dnsmasq/\(network).hostsfile", encoding: .utf8)
                if let hostsFile {
                    #expect(hostsFile.contains("52:54:00:c0:fe:02"))
                    #expect(!hostsFile.contains(mac))
                }

                // CD-ROM: insert an ISO while running, then eject.
                try await makeISO(at: isoPath)
                try await driver.changeMedia(domain: domain, to: .file(path: isoPath))
                let inserted = try await driver.domainXML(name: domain)
                #expect(inserted.contains("<source file='\(isoPath)'"))
                #expect(try await driver.domainXML(name: domain, inactive: true).contains("<source file='\(isoPath)'"))
                try await driver.changeMedia(domain: domain, to: nil)
                let ejected = try await driver.domainXML(name: domain)
                #expect(!ejected.contains(isoPath))
                #expect(try XMLInspection.cdromDrives(domainXML: ejected).map(\.target) == ["hdc"])

                // ACPI shutdown is only a request (this guest has no OS); destroy powers off.
                try await driver.shutdown(domain: domain)
                try await driver.destroy(domain: domain)
                #expect(try await driver.state(domain: domain) == .shutOff)
                #expect(await events.waitFor(domain, .stopped))
                try await driver.destroy(domain: domain)

                // Media changes also work on a stopped domain (config only).
                try await driver.changeMedia(domain: domain, to: .file(path: isoPath))
                #expect(try await driver.domainXML(name: domain, inactive: true).contains(isoPath))

                try await driver.undefine(domain: domain)
                #expect(try await driver.state(domain: domain) == nil)
                #expect(await events.waitFor(domain, .undefined))

                try await driver.deleteVolume(pool: pool, name: root.name)
                #expect(!FileManager.default.fileExists(atPath: root.path))
                #expect(try await driver.listVolumes(pool: pool).isEmpty)
                try await driver.remove(pool: pool)
                try await driver.remove(network: network)
                #expect(!FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)"))
            } cleanup: {
                await cleanup()
            }
        }
    }

    @Test func isolatedNetworkUpdatesInPlaceThenRedefines() async throws {
        let network = "cumulo-test-sys-net2"
        let bridge = "cmtest1"
        try await withDriver(uri) { driver in
            try await withCleanup {
                try await driver.remove(network: network)
                var spec = NetworkSpec(name: network, bridge: bridge, address: "198.18.251.1", netmask: "255.255.255.0", hosts: [])
                try await driver.ensure(network: spec)
                #expect(try await driver.listNetworks().contains(network))
                #expect(try await driver.networkIsActive(name: network) == true)
                let ifindex = try String(contentsOfFile: "/sys/class/net/\(bridge)/ifindex", encoding: .utf8)

                spec.hosts = [DHCPHost(mac: "52:54:00:c0:fe:21", ip: "198.18.251.21", name: "one"),
                              DHCPHost(mac: "52:54:00:c0:fe:22", ip: "198.18.251.22", name: "two")]
                try await driver.ensure(network: spec)
                spec.hosts = [spec.hosts[1]]
                try await driver.ensure(network: spec)
                let shape = try XMLInspection.networkShape(await driver.networkXML(name: network))
                #expect(shape.hosts == spec.hosts)
                #expect(shape.forwards == false)
                let config = try XMLInspection.networkShape(await driver.networkXML(name: network, inactive: true))
                #expect(config.hosts == spec.hosts)
                // Same bridge device: the network was not restarted.
                #expect(try String(contentsOfFile: "/sys/class/net/\(bridge)/ifindex", encoding: .utf8) == ifindex)

                spec.address = "198.18.252.1"
                try await driver.ensure(network: spec)
                #expect(try XMLInspection.networkShape(await driver.networkXML(name: network)).address == "198.18.252.1")
                #expect(try await driver.networkIsActive(name: network) == true)

                try await driver.remove(network: network)
                #expect(try await driver.networkIsActive(name: network) == nil)
                #expect(!FileManager.default.fileExists(atPath: "/sys/class/net/\(bridge)"))
            } cleanup: {
                try? await driver.remove(network: network)
            }
        }
    }

    /// A DHCP client on the bridge (a veth end in a private network namespace) gets its reserved address,
    /// and nothing once its MAC is not listed. Traffic stays on the test bridge.
    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/busybox")
                   && FileManager.default.isExecutableFile(atPath: "/bin/ip"), "needs busybox udhcpc and ip"))
    func dhcpAnswersOnlyListedMACs() async throws {
        let network = "cumulo-test-sys-dhcp"
        let bridge = "cmtest2"
        let namespace = "cumulo-test-ns"
        let hostSide = "cmtestv0"
        let guestSide = "cmtestv1"
        let listed = DHCPHost(mac: "52:54:00:c0:fe:31", ip: "198.18.253.31", name: "listed")
        func ip(_ arguments: [String]) throws -> (status: Int32, output: String) { try runCommandBlocking("/bin/ip", arguments) }
        func dhcp() throws -> String {
            try runCommandBlocking("/bin/ip", ["netns", "exec", namespace, "/usr/bin/busybox", "udhcpc", "-i", guestSide,
                                       "-n", "-q", "-t", "3", "-T", "1", "-s", "/bin/true"]).output
        }
        func setMAC(_ mac: String) throws {
            try ip(["netns", "exec", namespace, "ip", "link", "set", guestSide, "down"])
            try ip(["netns", "exec", namespace, "ip", "link", "set", guestSide, "address", mac])
            try ip(["netns", "exec", namespace, "ip", "link", "set", guestSide, "up"])
        }
        try await withDriver(uri) { driver in
            func cleanup() async {
                _ = try? ip(["netns", "del", namespace])
                _ = try? ip(["link", "del", hostSide])
                try? await driver.remove(network: network)
            }
            await cleanup()
            try await withCleanup {
                try await driver.ensure(network: NetworkSpec(name: network, bridge: bridge, address: "198.18.253.1",
                                                             netmask: "255.255.255.0", hosts: [listed]))
                try #require(try ip(["netns", "add", namespace]).status == 0)
                try #require(try ip(["link", "add", hostSide, "type", "veth", "peer", "name", guestSide]).status == 0)
                try #require(try ip(["link", "set", guestSide, "netns", namespace]).status == 0)
                try #require(try ip(["link", "set", hostSide, "master", bridge, "up"]).status == 0)
                try setMAC(listed.mac)
                // STP with delay 0 still needs a moment before the port forwards.
                try await Task.sleep(for: .seconds(2))
                let granted = try dhcp()
                #expect(granted.contains("lease of \(listed.ip) obtained"), "udhcpc: \(granted)")

                try setMAC("52:54:00:c0:fe:99")
                try await Task.sleep(for: .seconds(1))
                let refused = try dhcp()
                #expect(!refused.contains("obtained"), "udhcpc: \(refused)")
                #expect(refused.contains("no lease"), "udhcpc: \(refused)")

                // Listing the MAC (in place) makes the server answer it.
                try await driver.ensure(network: NetworkSpec(name: network, bridge: bridge, address: "198.18.253.1", netmask: "255.255.255.0",
                                                             hosts: [listed, DHCPHost(mac: "52:54:00:c0:fe:99", ip: "198.18.253.99", name: "late")]))
                let late = try dhcp()
                #expect(late.contains("lease of 198.18.253.99 obtained"), "udhcpc: \(late)")
            } cleanup: {
                await cleanup()
            }
        }
    }

    static func networkUUID(_ driver: LibvirtDriver, _ network: String) async throws -> String? {
        try await driver.networkXML(name: network).firstMatch(of: /<uuid>([^<]+)<\/uuid>/).map { String($0.1) }
    }
}
