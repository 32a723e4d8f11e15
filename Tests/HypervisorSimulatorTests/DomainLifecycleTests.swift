import Hypervisor
import HypervisorSimulator
import Testing

@Suite("Simulated domains")
struct DomainLifecycleTests {
    @Test func fingerprintDescribesTheConfiguredHost() async throws {
        let driver = SimulatedDriver(hostName: "sim-7", cpuCount: 16, cpuSpeedMHz: 3000, memoryBytes: 64 << 30)
        #expect(driver.uri == "simulator://sim-7")
        let fingerprint = try await driver.fingerprint()
        #expect(fingerprint.hostName == "sim-7")
        #expect(fingerprint.cpuCount == 16)
        #expect(fingerprint.cpuSpeedMHz == 3000)
        #expect(fingerprint.memoryBytes == 64 << 30)
        #expect(fingerprint.domainTypes == ["kvm", "qemu"])
    }

    @Test func defineStartShutdownDestroyUndefine() async throws {
        let driver = SimulatedDriver()
        try await driver.define(domainSpec("vm-1"))
        #expect(try await driver.state(domain: "vm-1") == .shutOff)
        try await driver.start(domain: "vm-1")
        #expect(try await driver.state(domain: "vm-1") == .running)
        let listed = try await driver.list()
        #expect(listed.map(\.name) == ["vm-1"])
        #expect(listed.first?.vncPort == 5900)

        try await driver.reboot(domain: "vm-1")
        #expect(driver.rebootCount("vm-1") == 1)

        try await driver.shutdown(domain: "vm-1")
        #expect(try await driver.state(domain: "vm-1") == .shutOff)
        #expect(try await driver.list().first?.vncPort == nil)

        try await driver.start(domain: "vm-1")
        try await driver.destroy(domain: "vm-1")
        try await driver.destroy(domain: "vm-1")
        #expect(try await driver.state(domain: "vm-1") == .shutOff)

        try await driver.undefine(domain: "vm-1")
        try await driver.undefine(domain: "vm-1")
        #expect(try await driver.state(domain: "vm-1") == nil)
        #expect(try await driver.list().isEmpty)
    }

    @Test func operationsOnMissingDomainsFailWithNoDomain() async {
        let driver = SimulatedDriver()
        #expect(await errorKind { try await driver.start(domain: "ghost") } == .noDomain)
        #expect(await errorKind { try await driver.shutdown(domain: "ghost") } == .noDomain)
        #expect(await errorKind { try await driver.destroy(domain: "ghost") } == .noDomain)
        #expect(await errorKind { try await driver.reboot(domain: "ghost") } == .noDomain)
        #expect(await errorKind { _ = try await driver.stats(domain: "ghost") } == .noDomain)
        #expect(await errorKind { try await driver.undefine(domain: "ghost") } == nil)
    }

    @Test func startingTwiceAndShuttingDownAStoppedDomainAreInvalid() async throws {
        let driver = SimulatedDriver()
        try await driver.define(domainSpec("vm-1"))
        #expect(await errorKind { try await driver.shutdown(domain: "vm-1") } == .invalidOperation)
        try await driver.start(domain: "vm-1")
        #expect(await errorKind { try await driver.start(domain: "vm-1") } == .invalidOperation)
    }

    @Test func definitionIsValidated() async throws {
        let driver = SimulatedDriver(domainTypes: ["qemu"])
        #expect(await errorKind { try await driver.define(domainSpec("vm-1")) } == .invalidArgument)
        var spec = domainSpec("vm-2")
        spec.domainType = "qemu"
        try await driver.define(spec)
        var clash = domainSpec("vm-3")
        clash.domainType = "qemu"
        clash.uuid = spec.uuid
        #expect(await errorKind { try await driver.define(clash) } == .invalidOperation)
    }

    @Test func vncPortsAreDistinct() async throws {
        let driver = SimulatedDriver()
        for name in ["a", "b", "c"] {
            try await driver.define(domainSpec(name))
            try await driver.start(domain: name)
        }
        let ports = try await driver.list().compactMap(\.vncPort)
        #expect(Set(ports) == [5900, 5901, 5902])
    }

    @Test func memoryOfRunningDomainsBoundsStarts() async throws {
        let driver = SimulatedDriver(memoryBytes: 4 << 30)
        try await driver.define(domainSpec("big", memoryMiB: 3072))
        try await driver.define(domainSpec("small", memoryMiB: 2048))
        try await driver.start(domain: "big")
        #expect(await errorKind { try await driver.start(domain: "small") } == .failed)
        #expect(try await driver.state(domain: "small") == .shutOff)
        let counters = try await driver.hostCounters()
        #expect(counters.memoryTotalBytes == 4 << 30)
        #expect(counters.memoryFreeBytes == 1 << 30)
        try await driver.destroy(domain: "big")
        try await driver.start(domain: "small")
        #expect(try await driver.state(domain: "small") == .running)
    }

    @Test func undefiningARunningDomainMakesItTransient() async throws {
        let driver = SimulatedDriver()
        try await driver.define(domainSpec("vm-1"))
        try await driver.start(domain: "vm-1")
        try await driver.undefine(domain: "vm-1")
        #expect(try await driver.state(domain: "vm-1") == .running)
        try await driver.destroy(domain: "vm-1")
        #expect(try await driver.state(domain: "vm-1") == nil)
    }

    @Test func changeMediaSwapsTheFirstCDROM() async throws {
        let driver = SimulatedDriver()
        try await driver.define(domainSpec("vm-1", cdrom: true))
        try await driver.changeMedia(domain: "vm-1", to: .file(path: "/isos/tools.iso"))
        #expect(driver.domainSpec("vm-1")?.disks.last?.source == .file(path: "/isos/tools.iso"))
        try await driver.changeMedia(domain: "vm-1", to: nil)
        #expect(driver.domainSpec("vm-1")?.disks.last?.source == nil)
        try await driver.define(domainSpec("vm-2"))
        #expect(await errorKind { try await driver.changeMedia(domain: "vm-2", to: nil) } == .invalidOperation)
    }

    @Test func countersGrowWhileDomainsRun() async throws {
        let driver = SimulatedDriver(cpuCount: 4)
        driver.setLoad(SimulatedLoad(guestCPU: 1, hostBaselineCPU: 0, guestNetworkBytesPerSecond: 1_000_000, guestDiskBytesPerSecond: 2_000_000))
        try await driver.define(domainSpec("vm-1"))
        try await driver.start(domain: "vm-1")
        let before = try await driver.hostCounters()
        try await Task.sleep(for: .milliseconds(100))
        let after = try await driver.hostCounters()
        let stats = try await driver.stats(domain: "vm-1")
        #expect(after.cpuTotalNanoseconds > before.cpuTotalNanoseconds)
        #expect(after.cpuBusyNanoseconds > before.cpuBusyNanoseconds)
        #expect(after.cpuBusyNanoseconds <= after.cpuTotalNanoseconds)
        let utilisation = Double(after.cpuBusyNanoseconds - before.cpuBusyNanoseconds) / Double(after.cpuTotalNanoseconds - before.cpuTotalNanoseconds)
        #expect(utilisation > 0.3 && utilisation < 0.7) // 2 of 4 CPUs busy
        #expect(stats.cpuTimeNanoseconds > 0)
        #expect(stats.vcpus == 2)
        #expect(stats.memoryBytes == 512 << 20)
        #expect(stats.networkRxBytes > 0)
        #expect(stats.diskWriteBytes > stats.networkTxBytes)
    }
}
