import AgentProtocol
@testable import AgentRuntime
import Hypervisor
import HypervisorSimulator
import Testing

@Suite("ISO and network commands")
struct MediaAndNetworkHandlerTests {
    func withCDROM() async throws -> Harness {
        let harness = Harness()
        try await harness.localPool(volumes: ["i-2-10-VM-root", "tools.iso"])
        try await harness.network()
        try await harness.run(.startVM(vmSpec(disks: [
            DiskSpec(kind: .disk, source: .volume(poolId: "pool1", name: "i-2-10-VM-root"), deviceId: 0),
            DiskSpec(kind: .cdrom, source: nil, deviceId: 3),
        ])))
        return harness
    }

    func cdrom(_ harness: Harness) -> DomainDisk? {
        harness.driver.domainSpec("i-2-10-VM")?.disks.first { $0.device == .cdrom }
    }

    @Test func attachAndDetachISO() async throws {
        let harness = try await withCDROM()
        defer { harness.cleanUp() }
        try await harness.run(.attachISO(vmName: "i-2-10-VM", iso: .image(location: "nfs://secondary.example/export/iso/tools.iso")))
        #expect(cdrom(harness)?.source == .nfs(server: "secondary.example", path: "/export/iso/tools.iso"))
        try await harness.run(.attachISO(vmName: "i-2-10-VM", iso: .volume(poolId: "pool1", name: "tools.iso")))
        #expect(cdrom(harness)?.source == .file(path: "/var/lib/pools/pool1/tools.iso"))
        try await harness.run(.detachISO(vmName: "i-2-10-VM"))
        #expect(cdrom(harness)?.source == nil)
    }

    @Test func isoFailuresAreReported() async throws {
        let harness = try await withCDROM()
        defer { harness.cleanUp() }
        #expect(await harness.failure(.attachISO(vmName: "i-2-10-VM", iso: .image(location: "http://example/x.iso")))?.contains("unsupported image location") == true)
        #expect(await harness.failure(.attachISO(vmName: "ghost", iso: .image(location: "/x.iso"))) == "cannot attach an ISO to VM ghost: domain 'ghost' not found")
        harness.driver.failNext(.changeMedia, with: HypervisorError(.failed, "tray locked"))
        #expect(await harness.failure(.detachISO(vmName: "i-2-10-VM")) == "cannot detach the ISO of VM i-2-10-VM: tray locked")
    }

    @Test func ensureNetworkDefinesTheBridgeAndReservations() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        try await harness.run(.ensureNetwork(guestNetwork("net7")))
        let network = try #require(harness.driver.network("cumulo-net7"))
        #expect(network == NetworkSpec(name: "cumulo-net7", bridge: "cbr-net7", address: "10.1.1.1", netmask: "255.255.255.0",
                                       hosts: [DHCPHost(mac: "02:00:00:00:00:01", ip: "10.1.1.10", name: "web")]))
        try await harness.run(.removeNetwork(networkId: "net7"))
        #expect(harness.driver.network("cumulo-net7") == nil)
        try await harness.run(.removeNetwork(networkId: "net7"))
    }

    @Test func networkFailuresAreReported() async throws {
        let harness = Harness()
        defer { harness.cleanUp() }
        harness.driver.failNext(.ensureNetwork, with: HypervisorError(.failed, "dnsmasq failed"))
        #expect(await harness.failure(.ensureNetwork(guestNetwork())) == "cannot set up network net1: dnsmasq failed")
        harness.driver.failNext(.removeNetwork, with: HypervisorError(.failed, "busy"))
        #expect(await harness.failure(.removeNetwork(networkId: "net1")) == "cannot remove network net1: busy")
    }
}
