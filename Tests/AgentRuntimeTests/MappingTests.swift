import AgentProtocol
@testable import AgentRuntime
import Hypervisor
import Testing

@Suite("Mapping rules")
struct MappingTests {
    @Test func virtioTargetsFollowLinuxNaming() {
        #expect(DomainSpecBuilder.virtioTarget(0) == "vda")
        #expect(DomainSpecBuilder.virtioTarget(1) == "vdb")
        #expect(DomainSpecBuilder.virtioTarget(25) == "vdz")
        #expect(DomainSpecBuilder.virtioTarget(26) == "vdaa")
        #expect(DomainSpecBuilder.virtioTarget(27) == "vdab")
    }

    @Test func imageLocations() throws {
        #expect(try DiskSourceResolver.imageLocation("/var/lib/iso/a.iso") == .file(path: "/var/lib/iso/a.iso"))
        #expect(try DiskSourceResolver.imageLocation("file:///var/lib/iso/a.iso") == .file(path: "/var/lib/iso/a.iso"))
        #expect(try DiskSourceResolver.imageLocation("nfs://10.0.0.5/export/sec/iso/a.iso") == .nfs(server: "10.0.0.5", path: "/export/sec/iso/a.iso"))
        #expect(throws: (any Error).self) { try DiskSourceResolver.imageLocation("nfs://10.0.0.5") }
        #expect(throws: (any Error).self) { try DiskSourceResolver.imageLocation("nfs:///export") }
        #expect(throws: (any Error).self) { try DiskSourceResolver.imageLocation("relative/a.iso") }
        #expect(DiskSourceResolver.imageFormat("/x/template.QCOW2") == "qcow2")
        #expect(DiskSourceResolver.imageFormat("/x/a.iso") == "raw")
    }

    @Test func powerStates() {
        #expect(PowerStateMapping.power(DomainState?.none) == .missing)
        #expect(PowerStateMapping.power(DomainState.paused) == .running)
        #expect(PowerStateMapping.power(DomainState.crashed) == .stopped)
        #expect(PowerStateMapping.power(DomainState.unknown) == .unknown)
        #expect(PowerStateMapping.power(DomainEvent.Kind.shutdown) == .stopped)
        #expect(PowerStateMapping.power(DomainEvent.Kind.resumed) == .running)
        #expect(PowerStateMapping.power(DomainEvent.Kind.undefined) == .missing)
        #expect(PowerStateMapping.power(DomainEvent.Kind.defined) == nil)
    }

    @Test func domainTypeChoice() throws {
        #expect(try HostIdentity.choose(.auto, offered: ["kvm", "qemu"]) == "kvm")
        #expect(try HostIdentity.choose(.qemu, offered: ["kvm", "qemu"]) == "qemu")
        #expect(throws: (any Error).self) { try HostIdentity.choose(.kvm, offered: ["qemu"]) }
        #expect(throws: (any Error).self) { try HostIdentity.choose(.auto, offered: []) }
    }

    @Test func netDevTotalsSkipLoopback() {
        let text = """
        Inter-|   Receive                                                |  Transmit
         face |bytes    packets errs drop fifo frame compressed multicast|bytes    packets errs drop fifo colls carrier compressed
            lo: 9999999   100    0    0    0     0          0         0  9999999     100    0    0    0     0       0          0
          eth0: 1000      10    0    0    0     0          0         0     2000      20    0    0    0     0       0          0
        cbr-n1:  500       5    0    0    0     0          0         0      700       7    0    0    0     0       0          0
        """
        #expect(LinuxHostActivity.parseNetDev(text) == NetworkTotals(receivedBytes: 1500, sentBytes: 2700))
        #expect(LinuxHostActivity.parseNetDev("    lo: 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16\n") == nil)
    }

    @Test func linuxActivityReadsThisHost() {
        let activity = LinuxHostActivity()
        #expect(activity.loadAverage() >= 0)
        _ = activity.networkTotals()
    }

    @Test func guestNetworkMapping() {
        let network = NetworkMapping.network(GuestNetworkSpec(
            networkId: "204", bridge: "cbr204", hostAddress: "10.2.0.1", netmask: "255.255.0.0", gateway: "10.2.0.1", dns: [],
            reservations: [DHCPReservation(mac: "02:00:00:00:00:07", ipAddress: "10.2.0.7", hostName: "db")]))
        #expect(network == NetworkSpec(name: "cumulo-204", bridge: "cbr204", address: "10.2.0.1", netmask: "255.255.0.0",
                                       hosts: [DHCPHost(mac: "02:00:00:00:00:07", ip: "10.2.0.7", name: "db")]))
    }
}
