import DomainModel
import Testing

@Suite("MAC allocation")
struct MACAllocatorTests {
    /// Always returns the same value, so every draw collides.
    struct ConstantGenerator: RandomNumberGenerator {
        var value: UInt64
        mutating func next() -> UInt64 { value }
    }

    @Test func formatIsLocallyAdministeredUnicast() throws {
        var generator = SplitMix64(seed: 1)
        for _ in 0..<100 {
            let mac = try MACAllocator.allocate(inUse: [], using: &generator)
            #expect(mac.hasPrefix("02:00:"))
            #expect(mac.count == 17)
            #expect(mac == mac.lowercased())
            #expect(MACAllocator.normalize(mac) == mac)
        }
    }

    @Test func sameSeedSameSequence() throws {
        var a = SplitMix64(seed: 42)
        var b = SplitMix64(seed: 42)
        let first = try (0..<5).map { _ in try MACAllocator.allocate(inUse: [], using: &a) }
        let second = try (0..<5).map { _ in try MACAllocator.allocate(inUse: [], using: &b) }
        #expect(first == second)
        #expect(Set(first).count == 5)
    }

    @Test func constantDrawIsTheExpectedAddress() throws {
        var generator = ConstantGenerator(value: 0xDEAD_BEEF_1A2B_3C4D)
        #expect(try MACAllocator.allocate(inUse: [], using: &generator) == "02:00:1a:2b:3c:4d")
    }

    @Test func collisionsAreDrawnAgain() throws {
        var preview = SplitMix64(seed: 9)
        let firstThree = try (0..<3).map { _ in try MACAllocator.allocate(inUse: [], using: &preview) }
        let fourth = try MACAllocator.allocate(inUse: [], using: &preview)
        var generator = SplitMix64(seed: 9)
        #expect(try MACAllocator.allocate(inUse: Set(firstThree), using: &generator) == fourth)
    }

    @Test func givesUpAfterMaxAttempts() {
        var generator = ConstantGenerator(value: 0x0102_0304)
        #expect(throws: MACAllocationError.exhausted(attempts: 5)) {
            try MACAllocator.allocate(inUse: ["02:00:01:02:03:04"], using: &generator, maxAttempts: 5)
        }
        #expect(MACAllocationError.exhausted(attempts: 5).domainError == .insufficientCapacity("Unable to find a free MAC address after 5 attempts"))
    }

    @Test func manyAllocationsStayUnique() throws {
        var generator = SplitMix64(seed: 2024)
        var inUse = Set<String>()
        for _ in 0..<5_000 {
            let mac = try MACAllocator.allocate(inUse: inUse, using: &generator)
            #expect(!inUse.contains(mac))
            inUse.insert(mac)
        }
        #expect(inUse.count == 5_000)
    }

    @Test(arguments: [
        ("02:00:1A:2B:3C:4D", Result<String, MACAllocationError>.success("02:00:1a:2b:3c:4d")),
        ("02-00-1a-2b-3c-4d", .success("02:00:1a:2b:3c:4d")),
        ("52:54:00:12:34:56", .success("52:54:00:12:34:56")),
        ("02:00:1a:2b:3c", .failure(.malformed("02:00:1a:2b:3c"))),
        ("02:00:1a:2b:3c:4g", .failure(.malformed("02:00:1a:2b:3c:4g"))),
        ("0200.1a2b.3c4d", .failure(.malformed("0200.1a2b.3c4d"))),
        ("01:00:5e:00:00:01", .failure(.notUnicast("01:00:5e:00:00:01"))),
        ("00:00:00:00:00:00", .failure(.notUnicast("00:00:00:00:00:00"))),
        ("02:00:AA:BB:CC:DD", .failure(.inUse("02:00:aa:bb:cc:dd"))),
    ])
    func requestedAddresses(requested: String, expected: Result<String, MACAllocationError>) {
        let result = Result { () throws(MACAllocationError) -> String in
            try MACAllocator.check(requested: requested, inUse: ["02:00:aa:bb:cc:dd"])
        }
        #expect(result == expected)
    }

    @Test func messages() {
        #expect(MACAllocationError.inUse("02:00:aa:bb:cc:dd").description == "The MAC address 02:00:aa:bb:cc:dd is already in use")
        #expect(MACAllocationError.malformed("x").domainError == .invalidParameter("x is not a valid MAC address"))
    }
}
