import AgentProtocol
@testable import AgentRuntime
import Hypervisor
import HypervisorSimulator
import Testing

@Suite("VM lifecycle commands")
struct VMLifecycleHandlerTests {
    /// A harness with pool1 (holding the VM's root volume and a data volume) and net1.
    func prepared(_ driver: SimulatedDriver = SimulatedDriver()) async throws -> Harness {
        let harness = Harness(driver: driver)
        try await harness.localPool(volumes: ["i-2-10-VM-root", "i-2-10-VM-data"])
        try await harness.network()
        return harness
    }

    @Test func startMapsTheSpecAndAnswersRunning() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        let spec = vmSpec(disks: [
            DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "i-2-10-VM-data"), deviceId: 1),
            DiskSpec(kind: .cdrom, source: .image(location: "nfs://images.example/isos/tools.iso"), deviceId: 3),
            DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "i-2-10-VM-root"), deviceId: 0),
            DiskSpec(kind: .disk, source: .image(location: "/var/lib/images/extra.qcow2"), deviceId: 2, readOnly: true),
        ], bootOrder: [.cdrom, .disk, .network])
        let result = try await harness.run(.startVM(spec))
        #expect(result == .vm(VMPowerReport(name: "i-2-10-VM", state: .running, vncPort: 5900)))

        let domain = try #require(harness.driver.domainSpec("i-2-10-VM"))
        #expect(domain.uuid == "uuid-i-2-10-VM")
        #expect(domain.domainType == "kvm")
        #expect(domain.vcpus == 2)
        #expect(domain.cpuShares == 2000)
        #expect(domain.memoryMiB == 512)
        #expect(domain.bootOrder == ["cdrom", "hd", "network"])
        #expect(domain.vncOnLoopback)
        #expect(domain.disks == [
            DomainDisk(device: .disk, source: .file(path: "/var/lib/pools/pool1/i-2-10-VM-root"), format: "qcow2", target: "vda", bus: "virtio"),
            DomainDisk(device: .disk, source: .file(path: "/var/lib/pools/pool1/i-2-10-VM-data"), format: "qcow2", target: "vdb", bus: "virtio"),
            DomainDisk(device: .disk, source: .file(path: "/var/lib/images/extra.qcow2"), format: "qcow2", target: "vdc", bus: "virtio", readOnly: true),
            DomainDisk(device: .cdrom, source: .nfs(server: "images.example", path: "/isos/tools.iso"), format: "raw", target: "hdc", bus: "ide", readOnly: true),
        ])
        #expect(domain.interfaces == [DomainInterface(mac: "02:00:00:00:00:01", network: "cumulo-net1")])
    }

    @Test func cpuSharesAreAtLeastTwoAndEmptyCDROMsHaveNoSource() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        var spec = vmSpec(disks: [
            DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "i-2-10-VM-root"), deviceId: 0),
            DiskSpec(kind: .cdrom, source: nil, deviceId: 3),
        ])
        spec.cpuSpeedMHz = 0
        spec.vcpus = 1
        try await harness.run(.startVM(spec))
        let domain = try #require(harness.driver.domainSpec("i-2-10-VM"))
        #expect(domain.cpuShares == 2)
        #expect(domain.disks.last == DomainDisk(device: .cdrom, source: nil, format: "raw", target: "hdc", bus: "ide", readOnly: true))
    }

    @Test func failedStartLeavesNothingBehind() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        harness.driver.failNext(.start, with: HypervisorError(.failed, "internal error: qemu unexpectedly closed the monitor"))
        let reason = await harness.failure(.startVM(vmSpec()))
        #expect(reason == "cannot start VM i-2-10-VM: internal error: qemu unexpectedly closed the monitor")
        #expect(harness.driver.domainNames.isEmpty)
        // The next attempt works.
        try await harness.run(.startVM(vmSpec()))
        #expect(harness.driver.domainState("i-2-10-VM") == .running)
    }

    @Test func startRefusedForLackOfMemoryFailsReadably() async throws {
        let harness = try await prepared(SimulatedDriver(memoryBytes: 1 << 30))
        defer { harness.cleanUp() }
        let reason = try #require(await harness.failure(.startVM(vmSpec(memoryMiB: 4096))))
        #expect(reason.hasPrefix("cannot start VM i-2-10-VM: cannot allocate memory"))
        #expect(harness.driver.domainNames.isEmpty)
    }

    @Test func startWithAMissingVolumeDefinesNothing() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        let reason = try #require(await harness.failure(.startVM(vmSpec("i-9-VM"))))
        #expect(reason.contains("volume i-9-VM-root not found on pool pool1"))
        let unattached = vmSpec(disks: [DiskSpec(kind: .disk, source: .volume(poolId: "elsewhere", name: "x"), deviceId: 0)])
        #expect(await harness.failure(.startVM(unattached))?.contains("pool elsewhere is not attached") == true)
        #expect(harness.driver.domainNames.isEmpty)
    }

    @Test func startOfARunningVMAnswersItsState() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        try await harness.run(.startVM(vmSpec()))
        #expect(try await harness.run(.startVM(vmSpec())) == .vm(VMPowerReport(name: "i-2-10-VM", state: .running, vncPort: 5900)))
    }

    @Test func stopShutsDownGracefully() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        try await harness.run(.startVM(vmSpec()))
        harness.driver.setShutdownBehaviour(.powerOffAfter(.milliseconds(60)), domain: "i-2-10-VM")
        let result = try await harness.run(.stopVM(name: "i-2-10-VM", force: false, timeoutSeconds: 5))
        #expect(result == .vm(VMPowerReport(name: "i-2-10-VM", state: .stopped)))
        #expect(harness.driver.domainState("i-2-10-VM") == .shutOff)
    }

    @Test func stopForcesAGuestThatIgnoresShutdownAfterTheTimeout() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        try await harness.run(.startVM(vmSpec()))
        harness.driver.setShutdownBehaviour(.ignore, domain: "i-2-10-VM")
        let clock = ContinuousClock()
        var result: CommandResult?
        let elapsed = try await clock.measure {
            result = try await harness.run(.stopVM(name: "i-2-10-VM", force: false, timeoutSeconds: 0.3))
        }
        #expect(result == .vm(VMPowerReport(name: "i-2-10-VM", state: .stopped)))
        #expect(elapsed >= .milliseconds(300))
        // A guest that ignores shutdown never stops by itself, so any end at all shows the force; the bound only
        // catches a stop that waits on some longer timeout than the one asked for.
        #expect(elapsed < .seconds(20))
        #expect(harness.driver.domainState("i-2-10-VM") == .shutOff)
    }

    @Test func forcedStopSkipsTheShutdown() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        try await harness.run(.startVM(vmSpec()))
        harness.driver.setShutdownBehaviour(.ignore, domain: "i-2-10-VM")
        harness.driver.failNext(.shutdown, with: HypervisorError(.failed, "shutdown must not be called"))
        try await harness.run(.stopVM(name: "i-2-10-VM", force: true, timeoutSeconds: 60))
        #expect(harness.driver.domainState("i-2-10-VM") == .shutOff)
        #expect(harness.driver.pendingFailures(.shutdown) == 1)
    }

    @Test func stopPowersOffWhenTheShutdownRequestFails() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        try await harness.run(.startVM(vmSpec()))
        harness.driver.failNext(.shutdown, with: HypervisorError(.failed, "guest does not answer ACPI"))
        try await harness.run(.stopVM(name: "i-2-10-VM", force: false, timeoutSeconds: 60))
        #expect(harness.driver.domainState("i-2-10-VM") == .shutOff)
    }

    @Test func stopOfAMissingVMCountsAsStopped() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        #expect(try await harness.run(.stopVM(name: "ghost", force: false, timeoutSeconds: 1)) == .vm(VMPowerReport(name: "ghost", state: .stopped)))
    }

    @Test func stopFailsWhenTheHypervisorCannotPowerOff() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        try await harness.run(.startVM(vmSpec()))
        harness.driver.failNext(.destroy, with: HypervisorError(.failed, "Failed to terminate process: Device or resource busy"))
        let reason = await harness.failure(.stopVM(name: "i-2-10-VM", force: true, timeoutSeconds: 0))
        #expect(reason == "cannot stop VM i-2-10-VM: Failed to terminate process: Device or resource busy")
    }

    @Test func rebootRebootsARunningVM() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        try await harness.run(.startVM(vmSpec()))
        #expect(try await harness.run(.rebootVM(name: "i-2-10-VM")) == .vm(VMPowerReport(name: "i-2-10-VM", state: .running, vncPort: 5900)))
        #expect(harness.driver.rebootCount("i-2-10-VM") == 1)
        try await harness.run(.stopVM(name: "i-2-10-VM", force: true, timeoutSeconds: 0))
        #expect(await harness.failure(.rebootVM(name: "i-2-10-VM")) != nil)
    }

    @Test func destroyRemovesTheDomainButKeepsVolumes() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        try await harness.run(.startVM(vmSpec()))
        #expect(try await harness.run(.destroyVM(name: "i-2-10-VM")) == .vm(VMPowerReport(name: "i-2-10-VM", state: .missing)))
        #expect(harness.driver.domainNames.isEmpty)
        #expect(try await harness.storage.volume(poolId: "pool1", name: "i-2-10-VM-root") != nil)
        try await harness.run(.destroyVM(name: "i-2-10-VM"))
    }

    @Test func destroyFailureIsReported() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        try await harness.run(.startVM(vmSpec()))
        harness.driver.failNext(.undefine, with: HypervisorError(.failed, "cannot undefine"))
        #expect(await harness.failure(.destroyVM(name: "i-2-10-VM")) == "cannot destroy VM i-2-10-VM: cannot undefine")
    }

    @Test func checkReportsRunningStoppedAndMissing() async throws {
        let harness = try await prepared()
        defer { harness.cleanUp() }
        try await harness.run(.startVM(vmSpec()))
        #expect(try await harness.run(.checkVM(name: "i-2-10-VM")) == .vm(VMPowerReport(name: "i-2-10-VM", state: .running, vncPort: 5900)))
        try await harness.run(.stopVM(name: "i-2-10-VM", force: true, timeoutSeconds: 0))
        #expect(try await harness.run(.checkVM(name: "i-2-10-VM")) == .vm(VMPowerReport(name: "i-2-10-VM", state: .stopped)))
        #expect(try await harness.run(.checkVM(name: "ghost")) == .vm(VMPowerReport(name: "ghost", state: .missing)))
        harness.driver.setReachable(false)
        #expect(await harness.failure(.checkVM(name: "i-2-10-VM"))?.hasPrefix("cannot check VM i-2-10-VM: cannot connect") == true)
    }
}
