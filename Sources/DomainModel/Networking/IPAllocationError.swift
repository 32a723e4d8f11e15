/// Why an address could not be handed out, with the words the API returns.
public enum IPAllocationError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformedAddress(String)
    case malformedRange(String)
    /// The network has no ranges to allocate from.
    case noRanges(network: String)
    case outsideRanges(IPv4Address, network: String, ranges: [IPv4Range])
    case isGateway(IPv4Address, network: String)
    case isNetworkAddress(IPv4Address, subnet: IPv4Subnet)
    case isBroadcastAddress(IPv4Address, subnet: IPv4Subnet)
    /// The address lies in a reserved range; `holder` names it (`the management IP range … of pod P1`).
    case reserved(IPv4Address, holder: String)
    case inUse(IPv4Address, network: String)
    /// Every address of the ranges is taken or reserved.
    case exhausted(network: String, ranges: [IPv4Range])

    public var description: String {
        switch self {
        case .malformedAddress(let text): "\(text) is not a valid IPv4 address"
        case .malformedRange(let reason): "Invalid IP range: \(reason)"
        case .noRanges(let network): "Network \(network) has no IP ranges to allocate addresses from"
        case .outsideRanges(let address, let network, let ranges):
            "\(address) is outside the ranges of network \(network): \(Self.describe(ranges))"
        case .isGateway(let address, let network): "\(address) is the gateway of network \(network)"
        case .isNetworkAddress(let address, let subnet): "\(address) is the network address of the subnet \(subnet)"
        case .isBroadcastAddress(let address, let subnet): "\(address) is the broadcast address of the subnet \(subnet)"
        case .reserved(let address, let holder): "\(address) is reserved: it lies in \(holder)"
        case .inUse(let address, let network): "\(address) is already used by another VM in network \(network)"
        case .exhausted(let network, let ranges):
            "Insufficient address capacity: no free IP address left in network \(network) (ranges \(Self.describe(ranges)))"
        }
    }

    /// The domain error the API renders: 533 (insufficient capacity) when the network is full, 431 otherwise.
    public var domainError: DomainError {
        switch self {
        case .exhausted: .insufficientCapacity(description)
        default: .invalidParameter(description)
        }
    }

    /// `198.18.10.10–198.18.10.100, 198.18.11.10–198.18.11.20`.
    public static func describe(_ ranges: [IPv4Range]) -> String {
        ranges.map { "\($0.start)–\($0.end)" }.joined(separator: ", ")
    }
}
