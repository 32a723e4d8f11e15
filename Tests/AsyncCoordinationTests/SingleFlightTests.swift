import AsyncCoordination
import Testing

@Suite("Single flight")
struct SingleFlightTests {
    @Test func concurrentCallersShareOneRun() async throws {
        let flight = SingleFlight<String, Int>()
        let runs = Counter()
        let door = Door()
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            group.addTask {
                try await flight.run("image") {
                    runs.increment()
                    await door.wait()
                    return 42
                }
            }
            #expect(await eventually { runs.current == 1 })
            for _ in 0..<4 {
                group.addTask {
                    try await flight.run("image") {
                        runs.increment()
                        return 0
                    }
                }
            }
            #expect(await eventually { flight.waiterCount("image") == 4 })
            door.open()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(results == [42, 42, 42, 42, 42])
        #expect(runs.current == 1)
    }

    @Test func anErrorReachesEveryWaiter() async throws {
        let flight = SingleFlight<String, Int>()
        let started = Counter()
        let door = Door()
        let failures = await withTaskGroup(of: (any Error)?.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    do {
                        _ = try await flight.run("image") {
                            started.increment()
                            await door.wait()
                            throw TestFailure(reason: "copy failed")
                        }
                        return nil
                    } catch {
                        return error
                    }
                }
            }
            #expect(await eventually { flight.waiterCount("image") == 2 })
            door.open()
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(started.current == 1)
        #expect(failures.count == 3)
        #expect(failures.allSatisfy { ($0 as? TestFailure) == TestFailure(reason: "copy failed") })
    }

    @Test func aCancelledWaiterStopsWaitingWhileTheRunGoesOn() async throws {
        let flight = SingleFlight<String, Int>()
        let door = Door()
        let started = Counter()
        try await withThrowingTaskGroup(of: Void.self) { group in
            group.addTask {
                let value = try await flight.run("image") {
                    started.increment()
                    await door.wait()
                    return 7
                }
                #expect(value == 7)
            }
            #expect(await eventually { started.current == 1 })
            let waiter = Task {
                try await flight.run("image") { 0 }
            }
            #expect(await eventually { flight.waiterCount("image") == 1 })
            waiter.cancel()
            await #expect(throws: CancellationError.self) { try await waiter.value }
            #expect(flight.waiterCount("image") == 0)
            door.open()
            try await group.waitForAll()
        }
    }

    @Test func waitersStartOverWhenTheRunningCallerIsCancelled() async throws {
        let flight = SingleFlight<String, Int>()
        let runs = Counter()
        let leader = Task {
            try await flight.run("image") {
                runs.increment()
                // Ends only through cancellation.
                await Door().wait()
                try Task.checkCancellation()
                return 1
            }
        }
        #expect(await eventually { runs.current == 1 })
        let results = try await withThrowingTaskGroup(of: Int.self) { group in
            for _ in 0..<3 {
                group.addTask {
                    try await flight.run("image") {
                        runs.increment()
                        return 2
                    }
                }
            }
            #expect(await eventually { flight.waiterCount("image") == 3 })
            leader.cancel()
            return try await group.reduce(into: []) { $0.append($1) }
        }
        await #expect(throws: CancellationError.self) { try await leader.value }
        #expect(results == [2, 2, 2])
        // The waiters start over together: one runs again, unless it ended before another asked.
        #expect(runs.current >= 2)
    }

    @Test func aLaterCallerStartsANewRunAndKeysRunApart() async throws {
        let flight = SingleFlight<String, Int>()
        let runs = Counter()
        #expect(try await flight.run("a") { runs.increment() } == 1)
        #expect(try await flight.run("a") { runs.increment() } == 2)
        let door = Door()
        let started = Counter()
        async let first = flight.run("a") { started.increment(); await door.wait(); return runs.increment() }
        #expect(await eventually { started.current == 1 })
        // Another key does not wait for the run of "a".
        #expect(try await flight.run("b") { runs.increment() } == 3)
        door.open()
        #expect(try await first == 4)
    }

    @Test func anActorPassesItsOwnState() async throws {
        actor Store {
            let flight = SingleFlight<String, Int>()
            var copies = 0

            func copy() async throws -> Int {
                try await flight.run("image") {
                    copies += 1
                    return copies
                }
            }
        }
        let store = Store()
        #expect(try await store.copy() == 1)
        #expect(try await store.copy() == 2)
    }
}
