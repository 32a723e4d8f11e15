import Logging
import ServiceLifecycle
import Synchronization

/// Runs work that outlives the call that started it — async jobs, DHCP updates after a start, stray-domain
/// kills, host session set-up — as children of one discarding task group, so nothing runs unowned. On
/// graceful shutdown it keeps taking work until everything has finished (at most `drainTimeout`), then
/// stops taking more; work still running then is cancelled. A failure is logged with the work's label.
public final class BackgroundWork: Service, Sendable {
    private struct Item: Sendable {
        let label: String
        let work: @Sendable () async throws -> Void
    }

    private struct DrainTimedOut: Error {}

    private let stream: AsyncStream<Item>
    private let continuation: AsyncStream<Item>.Continuation
    private let inFlight = Mutex(0)
    private let drainTimeout: Duration
    private let logger: Logger

    public init(drainTimeout: Duration = .seconds(30), logger: Logger) {
        (stream, continuation) = AsyncStream.makeStream(of: Item.self)
        self.drainTimeout = drainTimeout
        self.logger = logger
    }

    /// Hands `work` to the service. `label` names it in logs (what failed, what was dropped).
    public func submit(_ label: String, _ work: @escaping @Sendable () async throws -> Void) {
        inFlight.withLock { $0 += 1 }
        if case .terminated = continuation.yield(Item(label: label, work: work)) {
            inFlight.withLock { $0 -= 1 }
            logger.warning("not started, the server is stopping: \(label)")
        }
    }

    public func run() async throws {
        do {
            try await withThrowingDiscardingTaskGroup { group in
                group.addTask { try await self.closeAfterShutdown() }
                for await item in stream {
                    group.addTask { await self.execute(item) }
                }
            }
        } catch is DrainTimedOut {
            logger.warning("background work still running \(drainTimeout) after shutdown began was cancelled")
        } catch is CancellationError {
            // The service group cancelled us; children were cancelled with the group.
        }
    }

    /// Waits until no work is in flight, or `timeout` passes; true when idle.
    public func drain(timeout: Duration) async -> Bool {
        let deadline = ContinuousClock.now + timeout
        while inFlight.withLock({ $0 }) > 0 {
            guard ContinuousClock.now < deadline, await pause(for: .milliseconds(20)) else { return false }
        }
        return true
    }

    private func execute(_ item: Item) async {
        do {
            try await item.work()
        } catch is CancellationError {
            logger.warning("cancelled: \(item.label)")
        } catch {
            logger.error("failed: \(item.label): \(error)")
        }
        inFlight.withLock { $0 -= 1 }
    }

    private func closeAfterShutdown() async throws {
        do {
            try await gracefulShutdown()
        } catch {
            continuation.finish()
            return
        }
        let drained = await drain(timeout: drainTimeout)
        continuation.finish()
        if !drained { throw DrainTimedOut() }
    }
}
