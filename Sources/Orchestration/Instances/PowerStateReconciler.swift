import ServiceLifecycle

/// Consumes the hosts' power reports one batch at a time and brings VM records in line with them
/// (`InstanceService.reconcile`, by the rule `VMPowerSync` writes down).
public struct PowerStateReconciler: Service {
    let feed: PowerReportFeed
    let instances: InstanceService

    public func run() async throws {
        for await batch in feed.batches.cancelOnGracefulShutdown() {
            await instances.reconcile(hostId: batch.hostId, reports: batch.reports, complete: batch.complete)
        }
    }
}
