import Foundation
import Hypervisor
@testable import HypervisorLibvirt
import Testing

/// Against libvirt's built-in `test:///default` driver: no daemon needed, state lives in this process.
@Suite("libvirt test driver")
struct TestDriverTests {
    static let uri = "test:///default"

    static func spec(_ name: String, domainType: String) -> DomainSpec {
        DomainSpec(name: name, uuid: UUID().uuidString.lowercased(), domainType: domainType, vcpus: 2, cpuShares: 1000, memoryMiB: 128,
                   disks: [DomainDisk(device: .disk, source: .file(path: "/var/lib/cumulo/\(name).qcow2"), format: "qcow2", target: "vda", bus: "virtio"),
                           DomainDisk(device: .cdrom, source: nil, format: "raw", target: "hdc", bus: "ide")],
                   interfaces: [DomainInterface(mac: "52:54:00:7e:00:01", network: "default")],
                   description: "test driver domain")
    }

    @Test func fingerprintReportsTheTestHypervisor() async throws {
        try await withDriver(Self.uri) { driver in
            let fingerprint = try await driver.fingerprint()
            #expect(fingerprint.hypervisorType.uppercased() == "TEST")
            #expect(fingerprint.domainTypes == ["test"])
            #expect(fingerprint.cpuCount > 0)
            #expect(fingerprint.cpuSockets > 0)
            #expect(fingerprint.cpuSpeedMHz > 0)
            #expect(fingerprint.memoryBytes > 0)
            #expect(!fingerprint.hostName.isEmpty)
            #expect(!fingerprint.cpuModel.isEmpty)
            #expect(fingerprint.hypervisorVersion.wholeMatch(of: /\d+\.\d+\.\d+/) != nil)
            #expect(fingerprint.libvirtVersion.wholeMatch(of: /\d+\.\d+\.\d+/) != nil)
            #expect(fingerprint.libvirtVersion != "0.0.0")
        }
    }

    @Test func hostCountersFallBackWhenStatsAreMissing() async throws {
        try await withDriver(Self.uri) { driver in
            let counters = try await driver.hostCounters()
            let fingerprint = try await driver.fingerprint()
            #expect(counters.cpuTotalNanoseconds >= counters.cpuBusyNanoseconds)
            // The test driver has no memory statistics: total comes from node info.
            #expect(counters.memoryTotalBytes == fingerprint.memoryBytes)
            #expect(counters.memoryFreeBytes >= 0)
        }
    }

    @Test func domainLifecycleAndEvents() async throws {
        try await withDriver(Self.uri) { driver in
            let name = "cumulo-test-td-lifecycle"
            let type = try #require(try await driver.fingerprint().domainTypes.first)
            let first = EventRecorder(driver.events())
            let second = EventRecorder(driver.events())
            defer { first.stop(); second.stop() }
            try await withCleanup {
                await scrubDomain(driver, name)
                let spec = Self.spec(name, domainType: type)
                try await driver.define(spec)
                #expect(try await driver.state(domain: name) == .shutOff)
                let listed = try await driver.list().first { $0.name == name }
                #expect(listed?.uuid == spec.uuid)
                #expect(listed?.state == .shutOff)
                #expect(listed?.vncPort == nil)

                try await driver.start(domain: name)
                #expect(try await driver.state(domain: name) == .running)
                #expect(try await driver.list().first { $0.name == name }?.state == .running)
                let stats = try await driver.stats(domain: name)
                #expect(stats.vcpus == 2)
                #expect(stats.memoryBytes > 0)
                await #expect(throws: HypervisorError.self) { try await driver.start(domain: name) }

                try await driver.reboot(domain: name)
                try await driver.destroy(domain: name)
                #expect(try await driver.state(domain: name) == .shutOff)
                try await driver.destroy(domain: name) // already off: not an error

                #expect(await first.waitFor(name, .defined))
                #expect(await first.waitFor(name, .started))
                #expect(await first.waitFor(name, .stopped))
                #expect(await second.waitFor(name, .started))
                #expect(await second.waitFor(name, .stopped))

                try await driver.undefine(domain: name)
                #expect(try await driver.state(domain: name) == nil)
                #expect(try await driver.list().contains { $0.name == name } == false)
                try await driver.undefine(domain: name) // absent: not an error
                #expect(await first.waitFor(name, .undefined))
            } cleanup: {
                await scrubDomain(driver, name)
            }
        }
    }

    @Test func redefiningUpdatesTheDefinition() async throws {
        try await withDriver(Self.uri) { driver in
            let name = "cumulo-test-td-redefine"
            let type = try #require(try await driver.fingerprint().domainTypes.first)
            try await withCleanup {
                var spec = Self.spec(name, domainType: type)
                try await driver.define(spec)
                spec.memoryMiB = 256
                spec.description = "second definition"
                try await driver.define(spec)
                let xml = try await driver.domainXML(name: name, inactive: true)
                #expect(xml.contains("second definition"))
                #expect(xml.contains("262144"))
            } cleanup: {
                await scrubDomain(driver, name)
            }
        }
    }

    @Test func missingObjectsMapToErrorKinds() async throws {
        try await withDriver(Self.uri) { driver in
            #expect(try await driver.state(domain: "cumulo-test-td-absent") == nil)
            let noDomain = await #expect(throws: HypervisorError.self) { try await driver.start(domain: "cumulo-test-td-absent") }
            #expect(noDomain?.kind == .noDomain)
            #expect(noDomain?.code == 42)
            let noPool = await #expect(throws: HypervisorError.self) { try await driver.listVolumes(pool: "cumulo-test-td-absent") }
            #expect(noPool?.kind == .noPool)
            let noVolumePool = await #expect(throws: HypervisorError.self) { _ = try await driver.volume(pool: "cumulo-test-td-absent", name: "x") }
            #expect(noVolumePool?.kind == .noPool)
            try await driver.remove(network: "cumulo-test-td-absent")
            try await driver.remove(pool: "cumulo-test-td-absent")
            try await driver.undefine(domain: "cumulo-test-td-absent")
            let invalid = await #expect(throws: HypervisorError.self) { try await driver.shutdown(domain: "test-absent-\(UUID())") }
            #expect(invalid?.kind == .noDomain)
        }
    }

    @Test func directoryPoolAndVolumes() async throws {
        try await withDriver(Self.uri) { driver in
            let pool = "cumulo-test-td-pool"
            let path = testDirectory("cumulo-test-td-pool")
            try await withCleanup {
                await scrubPool(driver, pool)
                let capacity = try await driver.ensure(pool: PoolDefinition(name: pool, kind: .directory(path: path)))
                #expect(capacity.capacityBytes > 0)
                #expect(capacity.availableBytes <= capacity.capacityBytes)
                // Idempotent.
                _ = try await driver.ensure(pool: PoolDefinition(name: pool, kind: .directory(path: path)))

                let created = try await driver.createVolume(pool: pool, spec: VolumeDefinition(name: "cumulo-test-td-v1.qcow2", capacityBytes: 8 << 20))
                #expect(created.name == "cumulo-test-td-v1.qcow2")
                #expect(created.path == path + "/cumulo-test-td-v1.qcow2")
                #expect(created.capacityBytes == 8 << 20)
                #expect(try await driver.volume(pool: pool, name: "cumulo-test-td-v1.qcow2") == created)
                #expect(try await driver.listVolumes(pool: pool).map(\.name) == ["cumulo-test-td-v1.qcow2"])
                #expect(try await driver.volume(pool: pool, name: "cumulo-test-td-none") == nil)

                do {
                    try await driver.resizeVolume(pool: pool, name: "cumulo-test-td-v1.qcow2", capacityBytes: 16 << 20)
                    #expect(try await driver.volume(pool: pool, name: "cumulo-test-td-v1.qcow2")?.capacityBytes == 16 << 20)
                } catch let error as HypervisorError where error.code == 3 { // VIR_ERR_NO_SUPPORT
                    // The test driver cannot resize volumes; the error must still be a mapped HypervisorError.
                    #expect(error.kind == .invalidOperation)
                }
                let shrink = await #expect(throws: HypervisorError.self) {
                    try await driver.resizeVolume(pool: pool, name: "cumulo-test-td-v1.qcow2", capacityBytes: 1 << 20)
                }
                #expect(shrink?.kind == .invalidArgument)

                try await driver.deleteVolume(pool: pool, name: "cumulo-test-td-v1.qcow2")
                #expect(try await driver.volume(pool: pool, name: "cumulo-test-td-v1.qcow2") == nil)
                let missing = await #expect(throws: HypervisorError.self) { try await driver.deleteVolume(pool: pool, name: "cumulo-test-td-v1.qcow2") }
                #expect(missing?.kind == .noVolume)
                _ = try await driver.refresh(pool: pool)

                try await driver.remove(pool: pool)
                let gone = await #expect(throws: HypervisorError.self) { _ = try await driver.refresh(pool: pool) }
                #expect(gone?.kind == .noPool)
            } cleanup: {
                await scrubPool(driver, pool)
                try? FileManager.default.removeItem(atPath: path)
            }
        }
    }

    @Test func networkEnsureUpdateRemove() async throws {
        try await withDriver(Self.uri) { driver in
            let name = "cumulo-test-td-net"
            let hostA = DHCPHost(mac: "52:54:00:7e:01:01", ip: "198.18.240.10", name: "a")
            let hostB = DHCPHost(mac: "52:54:00:7e:01:02", ip: "198.18.240.11", name: "b")
            let hostC = DHCPHost(mac: "52:54:00:7e:01:03", ip: "198.18.240.12", name: "c")
            var spec = NetworkSpec(name: name, bridge: "cmtesttd0", address: "198.18.240.1", netmask: "255.255.255.0", hosts: [hostA, hostB])
            try await withCleanup {
                try await driver.remove(network: name)
                try await driver.ensure(network: spec)
                #expect(try await driver.listNetworks().contains(name))
                #expect(try await driver.networkIsActive(name: name) == true)
                let first = try XMLInspection.networkShape(await driver.networkXML(name: name))
                #expect(first.hosts == [hostA, hostB])
                #expect(first.forwards == false)
                let uuid = try await Self.uuid(driver, name)

                // Same shape, different reservations: updated in place.
                spec.hosts = [hostB, hostC]
                try await driver.ensure(network: spec)
                let live = try XMLInspection.networkShape(await driver.networkXML(name: name))
                let config = try XMLInspection.networkShape(await driver.networkXML(name: name, inactive: true))
                #expect(Set(live.hosts.map(\.mac)) == [hostB.mac, hostC.mac])
                #expect(Set(config.hosts.map(\.mac)) == [hostB.mac, hostC.mac])
                #expect(try await Self.uuid(driver, name) == uuid)
                #expect(try await driver.networkIsActive(name: name) == true)

                // A changed host entry (same MAC, new address) is replaced.
                let movedC = DHCPHost(mac: hostC.mac, ip: "198.18.240.13", name: "c")
                spec.hosts = [hostB, movedC]
                try await driver.ensure(network: spec)
                #expect(Set(try XMLInspection.networkShape(await driver.networkXML(name: name)).hosts.map(\.ip)) == ["198.18.240.11", "198.18.240.13"])

                // New address: redefined.
                spec.address = "198.18.241.1"
                try await driver.ensure(network: spec)
                let moved = try XMLInspection.networkShape(await driver.networkXML(name: name))
                #expect(moved.address == "198.18.241.1")
                #expect(try await driver.networkIsActive(name: name) == true)

                try await driver.remove(network: name)
                #expect(try await driver.listNetworks().contains(name) == false)
                try await driver.remove(network: name)
            } cleanup: {
                try? await driver.remove(network: name)
            }
        }
    }

    static func uuid(_ driver: LibvirtDriver, _ network: String) async throws -> String? {
        let xml = try await driver.networkXML(name: network)
        return xml.firstMatch(of: /<uuid>([^<]+)<\/uuid>/).map { String($0.1) }
    }

    @Test func closedDriverRefusesCallsAndEndsStreams() async throws {
        let driver = try await LibvirtDriver.open(uri: Self.uri, logger: TestEnvironment.logger)
        let stream = driver.events()
        await driver.close()
        var iterator = stream.makeAsyncIterator()
        #expect(await iterator.next() == nil)
        let error = await #expect(throws: HypervisorError.self) { _ = try await driver.list() }
        #expect(error?.kind == .connection)
    }
}
