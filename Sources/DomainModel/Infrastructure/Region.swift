/// A region: one management-server installation; Cumulo has exactly one, id 1.
public struct Region: Codable, Sendable, Equatable {
    public var id: Int
    public var name: String
    public var endpoint: String

    public init(id: Int, name: String, endpoint: String) {
        self.id = id
        self.name = name
        self.endpoint = endpoint
    }
}

/// Whether new resources may be placed in a zone, pod or cluster.
public enum AllocationState: String, Codable, Sendable, CaseIterable {
    case enabled = "Enabled"
    case disabled = "Disabled"

    /// Parses the API's spelling, case-insensitively.
    public init?(api text: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else { return nil }
        self = match
    }
}

/// Basic (flat, shared network) or Advanced (isolated guest networks) zones.
public enum ZoneNetworkType: String, Codable, Sendable, CaseIterable {
    case basic = "Basic"
    case advanced = "Advanced"

    public init?(api text: String) {
        guard let match = Self.allCases.first(where: { $0.rawValue.lowercased() == text.lowercased() }) else { return nil }
        self = match
    }
}
