/// Runs work one at a time per key, in arrival order, while different keys run in parallel. Guest
/// network updates of one host go through it, so a reservation list computed earlier never overwrites
/// one computed later. The work runs in the caller's own task; later callers of the key wait their turn.
actor KeyedSerialQueue {
    /// Keys in use, each with the callers waiting for it in arrival order.
    private var waiting: [String: [CheckedContinuation<Void, Never>]] = [:]

    func run<T: Sendable>(_ key: String, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        await acquire(key)
        defer { release(key) }
        return try await work()
    }

    private func acquire(_ key: String) async {
        guard waiting[key] != nil else {
            waiting[key] = []
            return
        }
        await withCheckedContinuation { waiting[key, default: []].append($0) }
    }

    private func release(_ key: String) {
        guard var queue = waiting[key] else { return }
        guard !queue.isEmpty else {
            waiting[key] = nil
            return
        }
        let next = queue.removeFirst()
        waiting[key] = queue
        next.resume()
    }
}
