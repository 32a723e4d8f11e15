import AsyncCoordination
import Testing

@Suite("Async lock")
struct AsyncLockTests {
    @Test func holdersTakeTurns() async throws {
        let lock = AsyncLock()
        let inside = Counter()
        let most = Shared(0)
        let turns = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<8 {
                group.addTask {
                    try await lock.withLock {
                        let now = inside.increment()
                        most.withLock { $0 = max($0, now) }
                        try await Task.sleep(for: .milliseconds(5))
                        turns.increment()
                        _ = inside.decrement()
                    }
                }
            }
            try await group.waitForAll()
        }
        #expect(most.withLock { $0 } == 1)
        #expect(turns.current == 8)
    }

    @Test func aCancelledWaiterLeavesTheQueue() async throws {
        let lock = AsyncLock()
        let door = Door()
        let holding = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await lock.withLock {
                    holding.increment()
                    await door.wait()
                }
            }
            #expect(await eventually { holding.current == 1 })
            let waiter = Task { try await lock.withLock { Issue.record("a cancelled waiter ran") } }
            #expect(await eventually { lock.waiterCount == 1 })
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            #expect(lock.waiterCount == 0)
            door.open()
            try await group.waitForAll()
        }
        // The lock is free again.
        #expect(try await lock.withLock { 3 } == 3)
    }

    @Test func theLockPassesToWaitersInArrivalOrder() async throws {
        let lock = AsyncLock()
        let door = Door()
        let holding = Counter()
        let order = Shared<[Int]>([])
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                try await lock.withLock {
                    holding.increment()
                    await door.wait()
                }
            }
            #expect(await eventually { holding.current == 1 })
            for number in 1...4 {
                group.addTask { try await lock.withLock { order.withLock { $0.append(number) } } }
                // Each waiter queues before the next comes.
                #expect(await eventually { lock.waiterCount == number })
            }
            door.open()
            try await group.waitForAll()
        }
        #expect(order.withLock { $0 } == [1, 2, 3, 4])
    }
}
