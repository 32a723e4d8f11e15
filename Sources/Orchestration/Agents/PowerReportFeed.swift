import AgentProtocol

/// The VM power states one host reported: its whole list (`complete`, from a hello or a ping — a VM left
/// out has no domain there) or one change as it happened.
public struct PowerReportBatch: Sendable {
    public var hostId: String
    public var reports: [VMPowerReport]
    public var complete: Bool
}

/// Carries power reports from agent sessions to the reconciler, so no agent's read loop ever waits for
/// the database. If the reconciler falls far behind, the oldest batches are dropped: every ping carries
/// the host's whole list again, so a dropped batch is made good within one ping interval.
public final class PowerReportFeed: Sendable {
    let batches: AsyncStream<PowerReportBatch>
    private let continuation: AsyncStream<PowerReportBatch>.Continuation

    init(capacity: Int = 10_000) {
        (batches, continuation) = AsyncStream.makeStream(of: PowerReportBatch.self, bufferingPolicy: .bufferingNewest(capacity))
    }

    func publish(_ batch: PowerReportBatch) {
        continuation.yield(batch)
    }
}
