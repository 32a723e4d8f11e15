/// The administrative (resource) state of a host and the events that move it.
/// A pure transition table, as CloudStack's `ResourceState`.
public enum HostResourceState: String, Codable, Sendable, CaseIterable {
    case enabled = "Enabled"
    case disabled = "Disabled"
    case prepareForMaintenance = "PrepareForMaintenance"
    case errorInPrepareForMaintenance = "ErrorInPrepareForMaintenance"
    case maintenance = "Maintenance"
    case errorInMaintenance = "ErrorInMaintenance"

    /// Things an operator or the system does to a host's resource state.
    public enum Event: String, Sendable {
        case enable, disable, adminAskMaintenance, internalEnterMaintenance, unableToMigrate, adminCancelMaintenance, errorsCorrected
    }

    /// The state after `event`, or nil when the event is not allowed in this state.
    public func next(_ event: Event) -> HostResourceState? {
        switch (self, event) {
        case (.enabled, .disable), (.disabled, .disable): .disabled
        case (.disabled, .enable), (.enabled, .enable): .enabled
        case (.enabled, .adminAskMaintenance), (.disabled, .adminAskMaintenance),
             (.errorInPrepareForMaintenance, .adminAskMaintenance), (.errorInMaintenance, .adminAskMaintenance):
            .prepareForMaintenance
        case (.prepareForMaintenance, .internalEnterMaintenance): .maintenance
        case (.prepareForMaintenance, .unableToMigrate): .errorInPrepareForMaintenance
        case (.prepareForMaintenance, .adminCancelMaintenance), (.maintenance, .adminCancelMaintenance),
             (.errorInPrepareForMaintenance, .adminCancelMaintenance), (.errorInMaintenance, .adminCancelMaintenance):
            .enabled
        case (.errorInMaintenance, .errorsCorrected), (.errorInPrepareForMaintenance, .errorsCorrected): .maintenance
        default: nil
        }
    }

    /// True for states an interrupted operation may leave behind and that must be settled on restart.
    public var isTransitional: Bool { self == .prepareForMaintenance }
}
