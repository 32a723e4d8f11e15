import ServiceLifecycle

/// Consumes the hosts' power reports one batch at a time and brings VM records in line with them
/// (`PowerStateSync`, by the rule `VMPowerSync` writes down).
public struct PowerStateReconciler: Service {
    let feed: PowerReportFeed
    let sync: PowerStateSync

    public func run() async throws {
        for await batch in feed.batches.cancelOnGracefulShutdown() {
            await sync.reconcile(hostId: batch.hostId, reports: batch.reports, complete: batch.complete)
        }
    }
}
