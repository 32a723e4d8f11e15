import DomainModel
import Persistence

/// Gives a new NIC its static address and MAC inside the deployment's transaction, so two deployments
/// never take the same address; the unique indexes on live NICs back this up.
enum AddressAssignment {
    /// The address for a NIC on `network`: `requested` after checking it, or the lowest free one.
    static func address(on network: Network, requested: String?, in store: Store) async throws -> IPAssignment {
        let ranges = try await store.all(Tables.vlanIpRange, [.equals(.networkId, network.id)])
        let guestRanges = try ranges.map { range in
            do { return try GuestIpRange(range) } catch let error as IPAllocationError { throw DomainError.invalidParameter(error.description) }
        }
        let reserved = try await reservedRanges(zoneId: network.zoneId, in: store)
        let allocator = IPAllocator(networkName: network.name, ranges: guestRanges, reserved: reserved)
        let used = UsedAddresses(parsing: try await liveAddresses(of: network.id, in: store))
        do {
            if let requested { return try allocator.check(requested: requested, used: used) }
            return try allocator.nextFree(used: used)
        } catch let error as IPAllocationError {
            if case .exhausted = error { throw DomainError.insufficientCapacity(error.description) }
            throw DomainError.invalidParameter(error.description)
        }
    }

    /// The addresses live NICs hold on a network.
    static func liveAddresses(of networkId: String, in store: Store) async throws -> [String] {
        try await NicQueries.addressesInUse(network: networkId, in: store)
    }

    /// The pods' management ranges of the zone: never handed to guests.
    static func reservedRanges(zoneId: String, in store: Store) async throws -> [ReservedRange] {
        try await store.all(Tables.pod, [.equals(.zoneId, zoneId)]).compactMap { pod in
            guard let start = pod.startIp.flatMap(IPv4Address.init), let end = (pod.endIp ?? pod.startIp).flatMap(IPv4Address.init),
                  let range = IPv4Range(start: start, end: end) else { return nil }
            return ReservedRange(range, holder: "the management IP range \(range) of pod \(pod.name)")
        }
    }

    /// A MAC address no live NIC has.
    static func mac(in store: Store) async throws -> String {
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<16 {
            let candidate = try MACAllocator.allocate(inUse: [], using: &generator)
            if try await !store.exists(Tables.nic, [.equals(.macAddress, candidate), .isNull(.removed)]) { return candidate }
        }
        throw DomainError.insufficientCapacity("Could not find a free MAC address")
    }
}
