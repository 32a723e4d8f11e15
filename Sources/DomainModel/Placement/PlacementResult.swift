/// The planner's answer: a placement, or the reasons there is none.
public enum PlacementResult: Sendable, Equatable {
    case placed(Placement)
    case failed(PlacementFailure)

    public var placement: Placement? {
        if case .placed(let placement) = self { placement } else { nil }
    }

    public var failure: PlacementFailure? {
        if case .failed(let failure) = self { failure } else { nil }
    }

    /// The placement, or the failure thrown.
    public func get() throws(PlacementFailure) -> Placement {
        switch self {
        case .placed(let placement): placement
        case .failed(let failure): throw failure
        }
    }
}
