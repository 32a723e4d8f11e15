import Foundation

/// A physical network of a zone: the wires guest, management and storage traffic travel on.
public struct PhysicalNetwork: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var zoneId: String
    /// New physical networks are Disabled until `updatePhysicalNetwork state=Enabled`.
    public var state: AllocationState = .disabled
    /// Comma-separated isolation methods (`VLAN`, `VXLAN`, …).
    public var isolationMethods: String?
    /// The guest VLAN ranges, `100-199` or `100-199,300-399`.
    public var vlan: String?
    /// `ZONE` or `POD`.
    public var broadcastDomainRange: String = "ZONE"
    public var networkSpeed: String?
    /// Comma-separated tags.
    public var tags: String?
    public var domainId: String?
    public var created: Date = Date()

    public init(
        id: String,
        name: String,
        zoneId: String,
        state: AllocationState = .disabled,
        isolationMethods: String? = nil,
        vlan: String? = nil,
        broadcastDomainRange: String = "ZONE",
        networkSpeed: String? = nil,
        tags: String? = nil,
        domainId: String? = nil,
        created: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.zoneId = zoneId
        self.state = state
        self.isolationMethods = isolationMethods
        self.vlan = vlan
        self.broadcastDomainRange = broadcastDomainRange
        self.networkSpeed = networkSpeed
        self.tags = tags
        self.domainId = domainId
        self.created = created
    }
}

/// A kind of traffic (Guest, Management, Public, Storage) carried by a physical network.
public struct TrafficType: Codable, Sendable, Equatable {
    public var id: String
    public var physicalNetworkId: String
    /// One of `TrafficType.kinds`.
    public var trafficType: String
    /// The host bridge that carries the traffic on KVM hosts (`cloudbr0`).
    public var kvmNetworkLabel: String?
    public var created: Date = Date()

    public init(
        id: String,
        physicalNetworkId: String,
        trafficType: String,
        kvmNetworkLabel: String? = nil,
        created: Date = Date()
    ) {
        self.id = id
        self.physicalNetworkId = physicalNetworkId
        self.trafficType = trafficType
        self.kvmNetworkLabel = kvmNetworkLabel
        self.created = created
    }
}

extension TrafficType {
    /// The traffic types a physical network can carry, spelt as the API spells them.
    public static let kinds = ["Guest", "Management", "Public", "Storage"]

    /// The API spelling of a traffic type given in any case; nil for anything else.
    public static func kind(_ text: String) -> String? {
        kinds.first { $0.lowercased() == text.lowercased() }
    }
}

/// The guest VLAN ranges of a physical network, parsed from `a-b` or `a-b,c-d` (a single id `a` stands for `a-a`).
public struct VlanRanges: Sendable, Equatable, CustomStringConvertible {
    public var ranges: [ClosedRange<Int>]

    /// The ids an 802.1Q tag can carry.
    public static let validIds = 1...4094

    /// Refuses malformed text, ids outside 1-4094, a start above its end and ranges that overlap each other.
    public init(_ text: String) throws {
        var parsed: [ClosedRange<Int>] = []
        for part in text.split(separator: ",", omittingEmptySubsequences: false) {
            let bounds = part.trimmingCharacters(in: .whitespaces).split(separator: "-", omittingEmptySubsequences: false)
            guard (1...2).contains(bounds.count), let low = Int(bounds[0]), let high = Int(bounds[bounds.count - 1]) else {
                throw DomainError.invalidParameter("Please specify a valid VLAN range as start-end (for example 100-199): \(text)")
            }
            guard Self.validIds.contains(low), Self.validIds.contains(high) else {
                throw DomainError.invalidParameter("VLAN ids must lie between 1 and 4094: \(text)")
            }
            guard low <= high else {
                throw DomainError.invalidParameter("The start of the VLAN range \(low)-\(high) is greater than its end")
            }
            if let clash = parsed.first(where: { $0.overlaps(low...high) }) {
                throw DomainError.invalidParameter("The VLAN ranges \(clash.lowerBound)-\(clash.upperBound) and \(low)-\(high) overlap")
            }
            parsed.append(low...high)
        }
        ranges = parsed
    }

    public func contains(_ id: Int) -> Bool { ranges.contains { $0.contains(id) } }

    public var description: String {
        ranges.map { "\($0.lowerBound)-\($0.upperBound)" }.joined(separator: ",")
    }
}

/// The VLAN of a guest network or address range: a numeric 802.1Q id or `untagged`.
public enum VlanTag: Sendable, Equatable, CustomStringConvertible {
    case untagged
    case id(Int)

    /// Parses `110`, `vlan://110`, `untagged` or `vlan://untagged`.
    public init(_ text: String) throws {
        var value = text.trimmingCharacters(in: .whitespaces)
        if value.lowercased().hasPrefix("vlan://") { value = String(value.dropFirst("vlan://".count)) }
        if value.lowercased() == "untagged" {
            self = .untagged
            return
        }
        guard let id = Int(value), VlanRanges.validIds.contains(id) else {
            throw DomainError.invalidParameter("Please specify a VLAN id between 1 and 4094, or untagged: \(text)")
        }
        self = .id(id)
    }

    /// The form stored in the database and shown as a network's `vlan`: `110` or `untagged`.
    public var description: String {
        switch self {
        case .untagged: "untagged"
        case .id(let id): String(id)
        }
    }

    /// The broadcast URI, `vlan://110` or `vlan://untagged`.
    public var uri: String { "vlan://" + description }
}
