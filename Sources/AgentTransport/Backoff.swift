/// Reconnect delays: doubling from `initial` up to `maximum`, with up to 20% random jitter.
struct Backoff {
    let initial: Duration
    let maximum: Duration
    private var current: Duration

    init(initial: Duration = .seconds(1), maximum: Duration = .seconds(30)) {
        self.initial = initial
        self.maximum = maximum
        current = initial
    }

    mutating func next() -> Duration {
        let delay = current
        current = min(current * 2, maximum)
        return delay + delay * Double.random(in: 0...0.2)
    }

    mutating func reset() {
        current = initial
    }
}
