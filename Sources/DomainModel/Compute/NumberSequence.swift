/// A named counter that hands out numbers once each: `vm` numbers VMs and `account` numbers accounts,
/// the two figures of an instance name (`i-<account number>-<vm number>-VM`).
public struct NumberSequence: Codable, Sendable, Equatable {
    /// The counter's name.
    public var id: String
    /// The last number handed out.
    public var value: Int

    public init(id: String, value: Int) {
        self.id = id
        self.value = value
    }
}

/// The number an account carries in the instance names of its VMs; given on the account's first VM.
public struct AccountNumber: Codable, Sendable, Equatable {
    /// The account's id.
    public var id: String
    public var number: Int

    public init(id: String, number: Int) {
        self.id = id
        self.number = number
    }
}
