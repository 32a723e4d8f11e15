/// The state of a primary storage pool, with CloudStack's names (`listStoragePools state=`).
public enum StoragePoolState: String, Codable, Sendable, CaseIterable {
    case initial = "Initial"
    case initialized = "Initialized"
    case creating = "Creating"
    case attaching = "Attaching"
    case up = "Up"
    case prepareForMaintenance = "PrepareForMaintenance"
    case errorInMaintenance = "ErrorInMaintenance"
    case cancelMaintenance = "CancelMaintenance"
    case maintenance = "Maintenance"
    case disabled = "Disabled"
    case removed = "Removed"
}
