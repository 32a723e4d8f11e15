/// How far allocations may exceed physical capacity: CloudStack's `cpu.overprovisioning.factor`,
/// `mem.overprovisioning.factor` and `storage.overprovisioning.factor`. Each must be positive; 1 means none.
public struct OverprovisioningFactors: Sendable, Equatable {
    public var cpu: Double
    public var memory: Double
    public var storage: Double

    public init(cpu: Double = 1, memory: Double = 1, storage: Double = 1) {
        self.cpu = cpu
        self.memory = memory
        self.storage = storage
    }

    /// No overprovisioning.
    public static let none = OverprovisioningFactors()

    /// `figure × factor`, rounded down: the capacity allocations are measured against.
    public static func scaled(_ figure: Int64, by factor: Double) -> Int64 {
        let scaled = (Double(figure) * factor).rounded(.down)
        guard scaled.isFinite else { return 0 }
        return scaled >= Double(Int64.max) ? Int64.max : Int64(max(0, scaled))
    }
}
