/// What a simulated guest does when it is asked to shut down (ACPI power button).
public enum GuestShutdownBehaviour: Sendable, Equatable {
    /// Powers off at once.
    case powerOff
    /// Keeps running (`shuttingDown`) for a while, then powers off. The simulator keeps no timer: the first call
    /// or inspection after the delay finds the guest off, with its run time ended at the delay, and its
    /// `shutdown` and `stopped` events go out then.
    case powerOffAfter(Duration)
    /// Ignores the request and keeps running.
    case ignore
}
