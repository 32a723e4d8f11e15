import DomainModel
import Foundation
import Testing

@Suite("Guest IP allocation")
struct IPAllocatorTests {
    static func range(_ start: String, _ end: String, gateway: String = "198.18.10.1", netmask: String = "255.255.255.0") -> GuestIpRange {
        try! GuestIpRange(start: start, end: end, gateway: gateway, netmask: netmask)
    }

    static func ip(_ text: String) -> IPv4Address { IPv4Address(text)! }

    static let single = IPAllocator(networkName: "guest1", ranges: [range("198.18.10.10", "198.18.10.100")])

    @Test func lowestFreeAddress() throws {
        let first = try Self.single.nextFree(used: UsedAddresses([]))
        #expect(first == IPAssignment(address: Self.ip("198.18.10.10"), gateway: Self.ip("198.18.10.1"), netmask: Self.ip("255.255.255.0")))
        let used = UsedAddresses(["198.18.10.10", "198.18.10.11", "198.18.10.13"].map(Self.ip))
        #expect(try Self.single.nextFree(used: used).address.description == "198.18.10.12")
    }

    @Test func unsortedAndDuplicateUsedAddresses() throws {
        let used = UsedAddresses(parsing: ["198.18.10.12", "", "198.18.10.10", "fe80::1", "198.18.10.11", "198.18.10.10"])
        #expect(used.count == 3)
        #expect(try Self.single.nextFree(used: used).address.description == "198.18.10.13")
    }

    @Test func insertingSkipsTheAddressNextTime() throws {
        var used = UsedAddresses([])
        var handedOut: [String] = []
        for _ in 0..<3 {
            let assignment = try Self.single.nextFree(used: used)
            used.insert(assignment.address)
            handedOut.append(assignment.address.description)
        }
        #expect(handedOut == ["198.18.10.10", "198.18.10.11", "198.18.10.12"])
    }

    @Test func exhaustedRange() {
        let allocator = IPAllocator(networkName: "tiny", ranges: [Self.range("198.18.10.10", "198.18.10.12")])
        let used = UsedAddresses(["198.18.10.10", "198.18.10.11", "198.18.10.12"].map(Self.ip))
        #expect(throws: IPAllocationError.exhausted(network: "tiny", ranges: [IPv4Range(start: "198.18.10.10", end: "198.18.10.12")!])) {
            try allocator.nextFree(used: used)
        }
        let error = IPAllocationError.exhausted(network: "tiny", ranges: [IPv4Range(start: "198.18.10.10", end: "198.18.10.12")!])
        #expect(error.domainError == .insufficientCapacity(
            "Insufficient address capacity: no free IP address left in network tiny (ranges 198.18.10.10–198.18.10.12)"))
    }

    @Test func multipleRangesInOrder() throws {
        let allocator = IPAllocator(networkName: "guest1", ranges: [
            Self.range("198.18.10.200", "198.18.10.201"),
            Self.range("198.18.10.10", "198.18.10.11"),
        ])
        var used = UsedAddresses([])
        var handedOut: [String] = []
        for _ in 0..<4 {
            let address = try allocator.nextFree(used: used).address
            used.insert(address)
            handedOut.append(address.description)
        }
        #expect(handedOut == ["198.18.10.10", "198.18.10.11", "198.18.10.200", "198.18.10.201"])
        #expect(throws: IPAllocationError.self) { try allocator.nextFree(used: used) }
    }

    @Test func rangesOfDifferentSubnetsHandOutTheirOwnGateway() throws {
        let allocator = IPAllocator(networkName: "guest1", ranges: [
            Self.range("198.18.10.10", "198.18.10.10"),
            Self.range("198.18.20.10", "198.18.20.20", gateway: "198.18.20.1", netmask: "255.255.255.128"),
        ])
        let second = try allocator.nextFree(used: UsedAddresses([Self.ip("198.18.10.10")]))
        #expect(second == IPAssignment(address: Self.ip("198.18.20.10"), gateway: Self.ip("198.18.20.1"), netmask: Self.ip("255.255.255.128")))
    }

    @Test func neverHandsOutGatewayNetworkOrBroadcast() throws {
        // A range that (wrongly) spans its whole subnet: the allocator still skips the subnet's edges and gateway.
        let allocator = IPAllocator(networkName: "wide", ranges: [Self.range("198.18.10.0", "198.18.10.255")])
        var used = UsedAddresses([])
        var handedOut: [String] = []
        while let address = try? allocator.nextFree(used: used).address {
            used.insert(address)
            handedOut.append(address.description)
        }
        #expect(handedOut.count == 253)
        #expect(handedOut.first == "198.18.10.2")
        #expect(!handedOut.contains("198.18.10.0") && !handedOut.contains("198.18.10.1") && !handedOut.contains("198.18.10.255"))
    }

    @Test func skipsReservedRanges() throws {
        let allocator = IPAllocator(
            networkName: "guest1", ranges: [Self.range("198.18.10.10", "198.18.10.100")],
            reserved: [
                ReservedRange(IPv4Range(start: "198.18.10.10", end: "198.18.10.19")!, holder: "the management IP range 198.18.10.10-198.18.10.19 of pod Pod1"),
                ReservedRange(IPv4Range(start: "198.18.10.21", end: "198.18.10.21")!, holder: "the address of host kvm1's bridge"),
            ])
        var used = UsedAddresses([])
        let first = try allocator.nextFree(used: used).address
        used.insert(first)
        #expect(first.description == "198.18.10.20")
        #expect(try allocator.nextFree(used: used).address.description == "198.18.10.22")
    }

    @Test func runsOfUsedAddressesAndReservedRangesInterleave() throws {
        let allocator = IPAllocator(
            networkName: "guest1", ranges: [Self.range("198.18.10.10", "198.18.10.100")],
            reserved: [ReservedRange(IPv4Range(start: "198.18.10.21", end: "198.18.10.21")!, holder: "host kvm1's bridge")])
        let run = (10...20).map { Self.ip("198.18.10.\($0)") }
        #expect(try allocator.nextFree(used: UsedAddresses(run + [Self.ip("198.18.10.23")])).address.description == "198.18.10.22")
        let more = run + (22...30).map { Self.ip("198.18.10.\($0)") }
        #expect(try allocator.nextFree(used: UsedAddresses(more)).address.description == "198.18.10.31")
        // Used addresses outside the ranges do not matter.
        let outside = (1...9).map { Self.ip("198.18.10.\($0)") } + [Self.ip("198.18.11.10")]
        #expect(try allocator.nextFree(used: UsedAddresses(outside)).address.description == "198.18.10.10")
        // Every other address taken: the first gap is the answer.
        let alternate = stride(from: 10, through: 100, by: 2).map { Self.ip("198.18.10.\($0)") }
        #expect(try allocator.nextFree(used: UsedAddresses(alternate)).address.description == "198.18.10.11")
    }

    @Test func usedAddressesSpreadFarApart() {
        let used = UsedAddresses(["10.0.0.1", "198.18.0.1", "10.0.0.1", "172.16.0.1"].map(Self.ip))
        #expect(used.values == ["10.0.0.1", "172.16.0.1", "198.18.0.1"].map { Self.ip($0).value })
        #expect(used.contains(Self.ip("172.16.0.1")) && !used.contains(Self.ip("172.16.0.2")))
    }

    enum Outcome: Sendable, Equatable {
        case ok(String)
        case error(IPAllocationError)
    }

    static let used = UsedAddresses(["198.18.10.5", "198.18.10.50"].map(ip))

    static let requestCases: [(String, Outcome)] = [
        ("198.18.10.51", .ok("198.18.10.51")),
        ("198.18.10.100", .ok("198.18.10.100")),
        ("198.18.10.50", .error(.inUse(ip("198.18.10.50"), network: "guest1"))),
        ("198.18.20.5", .error(.outsideRanges(ip("198.18.20.5"), network: "guest1", ranges: [IPv4Range(start: "198.18.10.10", end: "198.18.10.100")!]))),
        ("198.18.10.5", .error(.outsideRanges(ip("198.18.10.5"), network: "guest1", ranges: [IPv4Range(start: "198.18.10.10", end: "198.18.10.100")!]))),
        ("198.18.10.1", .error(.isGateway(ip("198.18.10.1"), network: "guest1"))),
        ("198.18.10.0", .error(.isNetworkAddress(ip("198.18.10.0"), subnet: IPv4Subnet(cidr: "198.18.10.0/24")!))),
        ("198.18.10.255", .error(.isBroadcastAddress(ip("198.18.10.255"), subnet: IPv4Subnet(cidr: "198.18.10.0/24")!))),
        ("198.18.10.70", .error(.reserved(ip("198.18.10.70"), holder: "the management IP range 198.18.10.60-198.18.10.80 of pod Pod1"))),
        ("198.18.10", .error(.malformedAddress("198.18.10"))),
        ("", .error(.malformedAddress(""))),
    ]

    @Test(arguments: requestCases)
    func requestedAddress(requested: String, outcome: Outcome) {
        let allocator = IPAllocator(
            networkName: "guest1", ranges: [Self.range("198.18.10.10", "198.18.10.100")],
            reserved: [ReservedRange(IPv4Range(start: "198.18.10.60", end: "198.18.10.80")!,
                                     holder: "the management IP range 198.18.10.60-198.18.10.80 of pod Pod1")])
        do {
            let assignment = try allocator.check(requested: requested, used: Self.used)
            #expect(outcome == .ok(assignment.address.description))
            #expect(assignment.gateway.description == "198.18.10.1")
        } catch {
            #expect(outcome == .error(error))
        }
    }

    @Test(arguments: [
        (IPAllocationError.inUse(ip("198.18.10.5"), network: "X"), "198.18.10.5 is already used by another VM in network X"),
        (.outsideRanges(ip("198.18.20.5"), network: "X", ranges: [IPv4Range(start: "198.18.10.10", end: "198.18.10.100")!]),
         "198.18.20.5 is outside the ranges of network X: 198.18.10.10–198.18.10.100"),
        (.outsideRanges(ip("198.18.20.5"), network: "X", ranges: [IPv4Range(start: "198.18.10.10", end: "198.18.10.20")!, IPv4Range(start: "198.18.11.10", end: "198.18.11.20")!]),
         "198.18.20.5 is outside the ranges of network X: 198.18.10.10–198.18.10.20, 198.18.11.10–198.18.11.20"),
        (.isGateway(ip("198.18.10.1"), network: "X"), "198.18.10.1 is the gateway of network X"),
        (.reserved(ip("198.18.10.70"), holder: "the management IP range 198.18.10.60-198.18.10.80 of pod Pod1"),
         "198.18.10.70 is reserved: it lies in the management IP range 198.18.10.60-198.18.10.80 of pod Pod1"),
        (.noRanges(network: "X"), "Network X has no IP ranges to allocate addresses from"),
    ])
    func messages(error: IPAllocationError, text: String) {
        #expect(error.description == text)
        #expect(error.domainError == .invalidParameter(text))
    }

    @Test func networkWithoutRanges() {
        let allocator = IPAllocator(networkName: "empty", ranges: [])
        #expect(throws: IPAllocationError.noRanges(network: "empty")) { try allocator.nextFree(used: UsedAddresses([])) }
        #expect(throws: IPAllocationError.noRanges(network: "empty")) { try allocator.check(requested: "198.18.10.10", used: UsedAddresses([])) }
    }

    @Test func parsesStoredRanges() throws {
        let vlan = VlanIpRange(id: "r", zoneId: "z", networkId: "n", gateway: "198.18.10.1", netmask: "255.255.255.0",
                               startIp: "198.18.10.10", endIp: "198.18.10.100")
        let parsed = try GuestIpRange(vlan)
        #expect(parsed.range == IPv4Range(start: "198.18.10.10", end: "198.18.10.100"))
        #expect(parsed.netmask.description == "255.255.255.0")
        #expect(throws: IPAllocationError.malformedAddress("198.18.10")) {
            try GuestIpRange(start: "198.18.10", end: "198.18.10.100", gateway: "198.18.10.1", netmask: "255.255.255.0")
        }
        #expect(throws: IPAllocationError.malformedRange("255.0.255.0 is not a valid netmask")) {
            try GuestIpRange(start: "198.18.10.10", end: "198.18.10.100", gateway: "198.18.10.1", netmask: "255.0.255.0")
        }
        #expect(throws: IPAllocationError.self) {
            try GuestIpRange(start: "198.18.10.100", end: "198.18.10.10", gateway: "198.18.10.1", netmask: "255.255.255.0")
        }
    }

    /// A /16 with 60 000 addresses taken: building the used list and allocating stay well under 100 ms.
    @Test func slash16WithSixtyThousandUsed() throws {
        let allocator = IPAllocator(networkName: "big", ranges: [
            Self.range("10.20.0.2", "10.20.255.254", gateway: "10.20.0.1", netmask: "255.255.0.0"),
        ])
        let base = Self.ip("10.20.0.2").value
        // Taken in a scrambled order, as a query without ORDER BY returns them.
        var taken = (0..<UInt32(60_000)).map { IPv4Address(base + $0) }
        var generator = SplitMix64(seed: 7)
        taken.shuffle(using: &generator)
        let clock = ContinuousClock()
        var assignment: IPAssignment?
        var used = UsedAddresses([])
        let elapsed = clock.measure {
            used = UsedAddresses(taken)
            assignment = try? allocator.nextFree(used: used)
        }
        #expect(assignment?.address == IPv4Address(base + 60_000))
        #expect(elapsed < .milliseconds(100), "took \(elapsed)")

        // A requested address near the end and one in use are answered at once too.
        let check = clock.measure {
            #expect((try? allocator.check(requested: "10.20.255.200", used: used)) != nil)
            #expect(throws: IPAllocationError.self) { try allocator.check(requested: "10.20.100.100", used: used) }
        }
        #expect(check < .milliseconds(10), "took \(check)")
    }
}
