import DomainModel
import Persistence

/// Hands out the numbers of instance names inside the deployment's transaction: the next VM number,
/// and the account's number (given on its first VM, kept for good).
enum InstanceNumbers {
    /// The next value of the counter `name`, starting at 1.
    static func next(_ name: String, in store: Store) async throws -> Int {
        for _ in 0..<5 {
            guard let current = try await store.find(Tables.numberSequence, id: name) else {
                try await store.insert(NumberSequence(id: name, value: 1), into: Tables.numberSequence)
                return 1
            }
            if try await store.update(Tables.numberSequence, id: name, where: [.equals(.value, current.value)], set: [.set(.value, current.value + 1)]) {
                return current.value + 1
            }
        }
        throw DomainError.concurrentModification("The counter \(name) kept changing; try again")
    }

    /// The number of `accountId` in instance names.
    static func accountNumber(_ accountId: String, in store: Store) async throws -> Int {
        if let known = try await store.find(Tables.accountNumber, id: accountId) { return known.number }
        let number = try await next("account", in: store)
        try await store.insert(AccountNumber(id: accountId, number: number), into: Tables.accountNumber)
        return number
    }
}
