import Synchronization

/// Polls `condition` until it holds or `seconds` pass; true when it held.
func eventually(_ seconds: Double = 5, _ condition: () -> Bool) async -> Bool {
    let deadline = ContinuousClock.now + .milliseconds(Int64(seconds * 1000))
    while ContinuousClock.now < deadline {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(5))
    }
    return condition()
}

/// A door a test opens once: everyone who waits at it goes on when it opens (or when cancelled).
final class Door: Sendable {
    private let stream: AsyncStream<Void>
    private let continuation: AsyncStream<Void>.Continuation

    init() {
        (stream, continuation) = AsyncStream<Void>.makeStream()
    }

    func open() {
        continuation.finish()
    }

    /// Returns when the door opens, or at once when the task is cancelled.
    func wait() async {
        for await _ in stream {}
    }
}

/// A count shared between tasks.
final class Counter: Sendable {
    private let value = Mutex(0)

    var current: Int { value.withLock { $0 } }

    @discardableResult
    func increment() -> Int {
        value.withLock { $0 += 1; return $0 }
    }

    @discardableResult
    func decrement() -> Int {
        value.withLock { $0 -= 1; return $0 }
    }
}

struct TestFailure: Error, Equatable {
    var reason: String
}

/// A value shared between tasks.
final class Shared<Value: Sendable>: Sendable {
    private let value: Mutex<Value>

    init(_ value: Value) {
        self.value = Mutex(value)
    }

    func withLock<T>(_ body: (inout Value) -> T) -> T {
        value.withLock { body(&$0) }
    }
}
