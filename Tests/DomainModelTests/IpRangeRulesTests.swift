import DomainModel
import Testing

@Suite("IP range rules")
struct IpRangeRulesTests {
    let subnet = IPv4Subnet(cidr: "198.18.10.0/24")!
    let gateway = IPv4Address("198.18.10.1")!

    @Test func subnetOfGatewayAndNetmask() throws {
        #expect(try IpRangeRules.subnet(gateway: "198.18.10.1", netmask: "255.255.255.0") == subnet)
        #expect(try IpRangeRules.subnet(gateway: "198.18.10.254", netmask: "255.255.254.0").description == "198.18.10.0/23")
    }

    @Test(arguments: [
        ("198.18.10.1", "255.0.255.0"),      // mask bits not contiguous
        ("198.18.10.1", "255.255.255.255"),  // no room for a range
        ("198.18.10.1", "255.255.255.254"),
        ("198.18.10.1", "0.0.0.0"),
        ("198.18.10.0", "255.255.255.0"),    // gateway is the network address
        ("198.18.10.255", "255.255.255.0"),  // gateway is the broadcast address
        ("198.18.10", "255.255.255.0"),
        ("198.18.10.1", "24"),
    ])
    func invalidSubnets(gateway: String, netmask: String) {
        #expect(throws: DomainError.self) { try IpRangeRules.subnet(gateway: gateway, netmask: netmask) }
    }

    @Test func rangeInsideSubnet() throws {
        let range = try IpRangeRules.range(start: "198.18.10.10", end: "198.18.10.100", in: subnet, gateway: gateway)
        #expect(range.description == "198.18.10.10-198.18.10.100")
        #expect(try IpRangeRules.range(start: "198.18.10.7", end: "198.18.10.7", in: subnet, gateway: gateway).count == 1)
    }

    @Test(arguments: [
        ("198.18.10.100", "198.18.10.10", "greater than"),       // start after end
        ("198.18.10.200", "198.18.11.10", "not inside"),         // end outside the subnet
        ("198.18.9.200", "198.18.10.10", "not inside"),          // start outside the subnet
        ("198.18.10.1", "198.18.10.20", "gateway"),              // contains the gateway at its start
        ("198.18.10.0", "198.18.10.20", "network or broadcast"), // contains the network address
        ("198.18.10.200", "198.18.10.255", "network or broadcast"),
        ("198.18.10.x", "198.18.10.20", "startip"),
    ])
    func invalidRanges(start: String, end: String, reason: String) {
        #expect {
            try IpRangeRules.range(start: start, end: end, in: subnet, gateway: gateway)
        } throws: { error in
            (error as? DomainError)?.description.contains(reason) == true
        }
    }

    @Test func gatewayInTheMiddleIsRefused() {
        let middle = IPv4Address("198.18.10.50")!
        #expect(throws: DomainError.self) {
            try IpRangeRules.range(start: "198.18.10.10", end: "198.18.10.100", in: subnet, gateway: middle)
        }
    }

    @Test func collisionsNameTheRangeHit() throws {
        let pod = ReservedRange(IPv4Range(start: "198.18.10.10", end: "198.18.10.20")!, holder: "the management IP range of pod Pod1")
        let guest = ReservedRange(IPv4Range(start: "198.18.10.50", end: "198.18.10.60")!, holder: "the guest IP range of network Net1")
        let reserved = [pod, guest]

        #expect(IpRangeRules.firstCollision(of: IPv4Range(start: "198.18.10.21", end: "198.18.10.49")!, with: reserved) == nil)
        #expect(IpRangeRules.firstCollision(of: IPv4Range(start: "198.18.10.20", end: "198.18.10.20")!, with: reserved) == pod)
        #expect(IpRangeRules.firstCollision(of: IPv4Range(start: "198.18.10.1", end: "198.18.10.99")!, with: reserved) == pod)
        #expect(IpRangeRules.firstCollision(of: IPv4Range(start: "198.18.10.55", end: "198.18.10.70")!, with: reserved) == guest)

        try IpRangeRules.checkFree(IPv4Range(start: "198.18.10.61", end: "198.18.10.70")!, of: reserved)
        #expect {
            try IpRangeRules.checkFree(IPv4Range(start: "198.18.10.15", end: "198.18.10.30")!, of: reserved)
        } throws: { error in
            (error as? DomainError)?.description == "The IP range 198.18.10.15-198.18.10.30 overlaps with the management IP range of pod Pod1"
        }
    }
}

@Suite("VLAN ranges and tags")
struct VlanRulesTests {
    @Test func parsesRanges() throws {
        #expect(try VlanRanges("100-199").ranges == [100...199])
        #expect(try VlanRanges("100-199, 300-310").description == "100-199,300-310")
        #expect(try VlanRanges("42").ranges == [42...42])
        #expect(try VlanRanges("100-199").contains(150))
        #expect(try !VlanRanges("100-199").contains(200))
    }

    @Test(arguments: ["199-100", "0-10", "4000-4095", "a-b", "100-", "-100", "100-150,140-160", "1-2-3", ""])
    func refusesBadRanges(text: String) {
        #expect(throws: DomainError.self) { try VlanRanges(text) }
    }

    @Test func parsesTags() throws {
        #expect(try VlanTag("110") == .id(110))
        #expect(try VlanTag("vlan://110") == .id(110))
        #expect(try VlanTag("Untagged") == .untagged)
        #expect(try VlanTag("vlan://untagged").uri == "vlan://untagged")
        #expect(try VlanTag("110").uri == "vlan://110")
        for bad in ["0", "4095", "vlan", "vxlan://5000", ""] {
            #expect(throws: DomainError.self) { try VlanTag(bad) }
        }
    }
}
