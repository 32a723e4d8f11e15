import Logging
@testable import Orchestration
import ServiceLifecycle
import Synchronization
import Testing

@Suite("Background work")
struct BackgroundWorkTests {
    static func quiet() -> Logger {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return logger
    }

    @Test func submittedWorkRunsAndDrainReportsWhenIdle() async throws {
        let work = BackgroundWork(logger: Self.quiet())
        let service = Task { try await work.run() }
        let done = Mutex(0)
        for _ in 0..<20 {
            work.submit("count") {
                try await Task.sleep(for: .milliseconds(10))
                done.withLock { $0 += 1 }
            }
        }
        #expect(await work.drain(timeout: .seconds(10)))
        #expect(done.withLock { $0 } == 20)
        service.cancel()
        _ = await service.result
    }

    @Test func aFailureDoesNotStopOtherWork() async throws {
        struct Boom: Error {}
        let work = BackgroundWork(logger: Self.quiet())
        let service = Task { try await work.run() }
        let done = Mutex(false)
        work.submit("fails") { throw Boom() }
        work.submit("succeeds") { done.withLock { $0 = true } }
        #expect(await work.drain(timeout: .seconds(10)))
        #expect(done.withLock { $0 })
        service.cancel()
        _ = await service.result
    }

    @Test func drainTimesOutWhileWorkRuns() async throws {
        let work = BackgroundWork(logger: Self.quiet())
        let service = Task { try await work.run() }
        work.submit("slow") { try await Task.sleep(for: .seconds(30)) }
        #expect(await work.drain(timeout: .milliseconds(100)) == false)
        service.cancel()
        _ = await service.result
    }

    /// On graceful shutdown the service finishes what it holds, work submitted meanwhile included, then returns.
    @Test func gracefulShutdownLetsRunningWorkFinish() async throws {
        let work = BackgroundWork(drainTimeout: .seconds(10), logger: Self.quiet())
        let finished = Mutex(0)
        let group = ServiceGroup(services: [work], logger: Self.quiet())
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            work.submit("first") {
                try await Task.sleep(for: .milliseconds(300))
                finished.withLock { $0 += 1 }
                work.submit("second, submitted during the drain") { finished.withLock { $0 += 1 } }
            }
            try await Task.sleep(for: .milliseconds(50))
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
        #expect(finished.withLock { $0 } == 2)
        // Once it has stopped, new work is refused (and logged), not left hanging.
        work.submit("too late") { Issue.record("ran after the service stopped") }
        #expect(await work.drain(timeout: .seconds(1)))
    }

    @Test func aSecondCallerOfAKeyWaitsItsTurn() async throws {
        final class Order: Sendable {
            let entries = Mutex<[Int]>([])
            func append(_ index: Int) { entries.withLock { $0.append(index) } }
        }
        let queue = KeyedSerialQueue()
        let order = Order()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<5 {
                group.addTask {
                    try await queue.run("host/net") {
                        order.append(index)
                        try await Task.sleep(for: .milliseconds(5))
                        order.append(index)
                    }
                }
                try await Task.sleep(for: .milliseconds(1))
            }
            try await group.waitForAll()
        }
        // Never interleaved: every start is followed by its own end.
        let entries = order.entries.withLock { $0 }
        #expect(entries.count == 10)
        for pair in stride(from: 0, to: entries.count, by: 2) { #expect(entries[pair] == entries[pair + 1]) }
    }
}
