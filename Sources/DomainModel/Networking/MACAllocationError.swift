/// Why a MAC address could not be handed out or was refused.
public enum MACAllocationError: Error, Sendable, Equatable, CustomStringConvertible {
    case malformed(String)
    /// A multicast or all-zero address, which a NIC cannot take.
    case notUnicast(String)
    case inUse(String)
    /// Every draw collided with an address in use.
    case exhausted(attempts: Int)

    public var description: String {
        switch self {
        case .malformed(let text): "\(text) is not a valid MAC address"
        case .notUnicast(let mac): "\(mac) is not a unicast MAC address"
        case .inUse(let mac): "The MAC address \(mac) is already in use"
        case .exhausted(let attempts): "Unable to find a free MAC address after \(attempts) attempts"
        }
    }

    /// The domain error the API renders: 533 when no address could be found, 431 for a refused request.
    public var domainError: DomainError {
        switch self {
        case .exhausted: .insufficientCapacity(description)
        default: .invalidParameter(description)
        }
    }
}
