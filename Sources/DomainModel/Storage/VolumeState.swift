/// The state of a volume, named as CloudStack names it, and the events that move it: a pure transition table.
///
/// * create: Allocated → Creating → Ready, or back to Allocated when creating the file fails;
/// * attach: Ready → Attaching → Ready (success or failure; `vmId`/`deviceId` tell which);
///   detach needs no state of its own — it is a compare-and-set on `vmId` and `rowVersion` of a Ready volume;
/// * resize: Ready → Resizing → Ready;
/// * delete: Ready or Allocated → Destroy (kept, recoverable) → Expunging → Expunged, with
///   `expungeRequested` going straight to Expunging; a failed expunge returns to Destroy to be retried;
/// * recover: Destroy → Ready (only for volumes whose file exists; an Allocated volume is expunged at once).
public enum VolumeState: String, Codable, Sendable, CaseIterable {
    case allocated = "Allocated"
    case creating = "Creating"
    case ready = "Ready"
    case resizing = "Resizing"
    case attaching = "Attaching"
    case destroy = "Destroy"
    case expunging = "Expunging"
    case expunged = "Expunged"

    /// Requests of a workflow and the outcome of the operation in flight.
    public enum Event: String, Sendable, CaseIterable {
        case createRequested
        case attachRequested
        case detachRequested
        case resizeRequested
        case destroyRequested
        case recoveryRequested
        case expungeRequested
        case operationSucceeded
        case operationFailed
    }

    /// The state after `event`, or nil when the event is not allowed in this state.
    /// A result equal to `self` means the event is accepted and changes nothing.
    public func next(_ event: Event) -> VolumeState? {
        switch (self, event) {
        case (.allocated, .createRequested): .creating
        case (.allocated, .destroyRequested): .destroy
        case (.allocated, .expungeRequested): .expunging

        case (.creating, .operationSucceeded): .ready
        case (.creating, .operationFailed): .allocated

        case (.ready, .attachRequested): .attaching
        case (.ready, .detachRequested): .ready
        case (.ready, .resizeRequested): .resizing
        case (.ready, .destroyRequested): .destroy
        case (.ready, .expungeRequested): .expunging

        case (.attaching, .operationSucceeded), (.attaching, .operationFailed): .ready
        case (.resizing, .operationSucceeded), (.resizing, .operationFailed): .ready

        case (.destroy, .recoveryRequested): .ready
        case (.destroy, .expungeRequested): .expunging

        case (.expunging, .expungeRequested): .expunging
        case (.expunging, .operationSucceeded): .expunged
        case (.expunging, .operationFailed): .destroy

        default: nil
        }
    }

    /// True for states an operation passes through; a server stop can leave a volume in one of them.
    public var isTransitional: Bool {
        switch self {
        case .creating, .attaching, .resizing, .expunging: true
        default: false
        }
    }

    /// True when the volume's bytes count against its pool's allocated capacity.
    public var holdsPoolCapacity: Bool {
        switch self {
        case .allocated, .expunged: false
        default: true
        }
    }
}
