/// The kind of an operator alert, with CloudStack's numbers (`listAlerts type=`) and names.
public enum AlertType: Int, Codable, Sendable, CaseIterable {
    case memory = 0
    case cpu = 1
    case storage = 2
    case storageAllocated = 3
    case host = 7
    case storageMisc = 12
    case managementNode = 14
    case sync = 27

    /// CloudStack's name of the alert type, as `listAlerts` shows it.
    public var name: String {
        switch self {
        case .memory: "ALERT.MEMORY"
        case .cpu: "ALERT.CPU"
        case .storage: "ALERT.STORAGE"
        case .storageAllocated: "ALERT.STORAGE.ALLOCATED"
        case .host: "ALERT.TYPE.HOST"
        case .storageMisc: "ALERT.TYPE.STORAGE.MISC"
        case .managementNode: "ALERT.TYPE.MANAGEMENT.NODE"
        case .sync: "ALERT.TYPE.SYNC"
        }
    }
}
