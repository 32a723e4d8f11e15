/// What a simulated guest does when it is asked to shut down (ACPI power button).
public enum GuestShutdownBehaviour: Sendable, Equatable {
    /// Powers off at once.
    case powerOff
    /// Keeps running for a while, then powers off.
    case powerOffAfter(Duration)
    /// Ignores the request and keeps running.
    case ignore
}
