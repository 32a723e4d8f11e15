import DomainModel
import Testing

@Suite("IPv4 arithmetic")
struct IPv4Tests {
    @Test func parsesAndPrints() {
        #expect(IPv4Address("198.18.0.1")?.description == "198.18.0.1")
        for bad in ["198.18.0", "198.18.0.256", "a.b.c.d", "1.2.3.4.5", "01.2.3.4", " 1.2.3.4", ""] {
            #expect(IPv4Address(bad) == nil, "\(bad) should be refused")
        }
    }

    @Test func netmasks() {
        #expect(IPv4Subnet.prefixLength(netmask: "255.255.255.0") == 24)
        #expect(IPv4Subnet.prefixLength(netmask: "255.255.254.0") == 23)
        #expect(IPv4Subnet.prefixLength(netmask: "255.0.255.0") == nil)
        let subnet = IPv4Subnet(address: IPv4Address("198.18.10.77")!, netmask: "255.255.255.0")!
        #expect(subnet.description == "198.18.10.0/24")
        #expect(subnet.contains(IPv4Address("198.18.10.254")!))
        #expect(!subnet.contains(IPv4Address("198.18.11.1")!))
        #expect(subnet.broadcast.description == "198.18.10.255")
        #expect(IPv4Subnet(cidr: "198.18.0.0/15")?.contains(IPv4Address("198.19.255.1")!) == true)
    }

    @Test func rangesOverlap() {
        let a = IPv4Range(start: "198.18.0.10", end: "198.18.0.20")!
        #expect(a.overlaps(IPv4Range(start: "198.18.0.20", end: "198.18.0.30")!))
        #expect(!a.overlaps(IPv4Range(start: "198.18.0.21", end: "198.18.0.30")!))
        #expect(a.count == 11)
        #expect(IPv4Range(start: "198.18.0.20", end: "198.18.0.10") == nil)
    }
}

@Suite("Host resource state machine")
struct HostResourceStateTests {
    @Test(arguments: [
        (HostResourceState.enabled, HostResourceState.Event.adminAskMaintenance, HostResourceState?.some(.prepareForMaintenance)),
        (.prepareForMaintenance, .internalEnterMaintenance, .maintenance),
        (.prepareForMaintenance, .unableToMigrate, .errorInPrepareForMaintenance),
        (.maintenance, .adminCancelMaintenance, .enabled),
        (.enabled, .disable, .disabled),
        (.disabled, .enable, .enabled),
        (.maintenance, .adminAskMaintenance, nil),
        (.enabled, .internalEnterMaintenance, nil),
        (.disabled, .adminCancelMaintenance, nil),
    ])
    func transitions(from: HostResourceState, event: HostResourceState.Event, to: HostResourceState?) {
        #expect(from.next(event) == to)
    }

    @Test func onlyPrepareIsTransitional() {
        #expect(HostResourceState.allCases.filter(\.isTransitional) == [.prepareForMaintenance])
    }
}
