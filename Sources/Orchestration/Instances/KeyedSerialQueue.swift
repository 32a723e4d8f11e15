/// Runs work one at a time per key, in arrival order, while different keys run in parallel. Guest
/// network updates of one host go through it, so a reservation list computed earlier never overwrites
/// one computed later.
actor KeyedSerialQueue {
    private var tails: [String: Task<Void, Never>] = [:]

    func run<T: Sendable>(_ key: String, _ work: @escaping @Sendable () async throws -> T) async throws -> T {
        let previous = tails[key]
        let task = Task { () async throws -> T in
            await previous?.value
            return try await work()
        }
        let tail = Task { _ = try? await task.value }
        tails[key] = tail
        defer { if tails[key] == tail { tails[key] = nil } }
        return try await task.value
    }
}
