import Foundation

/// A compute offering: the CPU and memory size of an instance.
public struct ServiceOffering: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var displayText: String
    /// The fixed size; nil for what a customized offering leaves to deployment.
    public var cpuNumber: Int?
    /// MHz per vCPU (the CPU share on KVM).
    public var cpuSpeed: Int?
    /// MiB.
    public var memory: Int?
    /// Bounds a customized offering puts on the size chosen at deployment.
    public var minCpuNumber: Int?
    public var maxCpuNumber: Int?
    public var minMemory: Int?
    public var maxMemory: Int?
    public var isCustomized: Bool = false
    public var storageType: String = "shared"
    public var provisioningType: String = "thin"
    public var offerHa: Bool = false
    public var limitCpuUse: Bool = false
    public var isVolatile: Bool = false
    public var dynamicScalingEnabled: Bool = true
    public var encryptRoot: Bool = false
    public var hostTags: String?
    public var storageTags: String?
    /// Megabits per second.
    public var networkRate: Int?
    /// GiB.
    public var rootDiskSize: Int64?
    public var diskOfferingId: String?
    public var diskOfferingStrictness: Bool = false
    public var bytesReadRate: Int64?
    public var bytesWriteRate: Int64?
    public var iopsReadRate: Int64?
    public var iopsWriteRate: Int64?
    public var cacheMode: String?
    public var deploymentPlanner: String?
    public var isSystem: Bool = false
    public var systemVmType: String?
    /// Comma-separated ids of the domains that may use the offering; nil for a public offering.
    public var domainIds: String?
    /// Comma-separated ids of the zones the offering is offered in; nil for every zone.
    public var zoneIds: String?
    public var sortKey: Int = 0
    public var state: String = "Active"
    public var created: Date = Date()
    public var removed: Date?

    public init(
        id: String,
        name: String,
        displayText: String,
        cpuNumber: Int? = nil,
        cpuSpeed: Int? = nil,
        memory: Int? = nil,
        minCpuNumber: Int? = nil,
        maxCpuNumber: Int? = nil,
        minMemory: Int? = nil,
        maxMemory: Int? = nil,
        isCustomized: Bool = false,
        storageType: String = "shared",
        provisioningType: String = "thin",
        offerHa: Bool = false,
        limitCpuUse: Bool = false,
        isVolatile: Bool = false,
        dynamicScalingEnabled: Bool = true,
        encryptRoot: Bool = false,
        hostTags: String? = nil,
        storageTags: String? = nil,
        networkRate: Int? = nil,
        rootDiskSize: Int64? = nil,
        diskOfferingId: String? = nil,
        diskOfferingStrictness: Bool = false,
        bytesReadRate: Int64? = nil,
        bytesWriteRate: Int64? = nil,
        iopsReadRate: Int64? = nil,
        iopsWriteRate: Int64? = nil,
        cacheMode: String? = nil,
        deploymentPlanner: String? = nil,
        isSystem: Bool = false,
        systemVmType: String? = nil,
        domainIds: String? = nil,
        zoneIds: String? = nil,
        sortKey: Int = 0,
        state: String = "Active",
        created: Date = Date(),
        removed: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.displayText = displayText
        self.cpuNumber = cpuNumber
        self.cpuSpeed = cpuSpeed
        self.memory = memory
        self.minCpuNumber = minCpuNumber
        self.maxCpuNumber = maxCpuNumber
        self.minMemory = minMemory
        self.maxMemory = maxMemory
        self.isCustomized = isCustomized
        self.storageType = storageType
        self.provisioningType = provisioningType
        self.offerHa = offerHa
        self.limitCpuUse = limitCpuUse
        self.isVolatile = isVolatile
        self.dynamicScalingEnabled = dynamicScalingEnabled
        self.encryptRoot = encryptRoot
        self.hostTags = hostTags
        self.storageTags = storageTags
        self.networkRate = networkRate
        self.rootDiskSize = rootDiskSize
        self.diskOfferingId = diskOfferingId
        self.diskOfferingStrictness = diskOfferingStrictness
        self.bytesReadRate = bytesReadRate
        self.bytesWriteRate = bytesWriteRate
        self.iopsReadRate = iopsReadRate
        self.iopsWriteRate = iopsWriteRate
        self.cacheMode = cacheMode
        self.deploymentPlanner = deploymentPlanner
        self.isSystem = isSystem
        self.systemVmType = systemVmType
        self.domainIds = domainIds
        self.zoneIds = zoneIds
        self.sortKey = sortKey
        self.state = state
        self.created = created
        self.removed = removed
    }
}

/// A disk offering: the size and kind of a data or blank root disk.
public struct DiskOffering: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var displayText: String
    /// Size in GiB; 0 for customized offerings.
    public var diskSize: Int64
    public var isCustomized: Bool = false
    public var storageType: String = "shared"
    public var tags: String?
    public var provisioningType: String = "thin"
    /// Whether users see the offering.
    public var displayOffering: Bool = true
    public var isCustomizedIops: Bool = false
    public var minIops: Int64?
    public var maxIops: Int64?
    public var bytesReadRate: Int64?
    public var bytesWriteRate: Int64?
    public var iopsReadRate: Int64?
    public var iopsWriteRate: Int64?
    public var cacheMode: String?
    public var diskSizeStrictness: Bool = false
    public var encrypt: Bool = false
    /// Comma-separated ids of the domains that may use the offering; nil for a public offering.
    public var domainIds: String?
    /// Comma-separated ids of the zones the offering is offered in; nil for every zone.
    public var zoneIds: String?
    public var sortKey: Int = 0
    public var state: String = "Active"
    public var created: Date = Date()
    public var removed: Date?

    public init(
        id: String,
        name: String,
        displayText: String,
        diskSize: Int64,
        isCustomized: Bool = false,
        storageType: String = "shared",
        tags: String? = nil,
        provisioningType: String = "thin",
        displayOffering: Bool = true,
        isCustomizedIops: Bool = false,
        minIops: Int64? = nil,
        maxIops: Int64? = nil,
        bytesReadRate: Int64? = nil,
        bytesWriteRate: Int64? = nil,
        iopsReadRate: Int64? = nil,
        iopsWriteRate: Int64? = nil,
        cacheMode: String? = nil,
        diskSizeStrictness: Bool = false,
        encrypt: Bool = false,
        domainIds: String? = nil,
        zoneIds: String? = nil,
        sortKey: Int = 0,
        state: String = "Active",
        created: Date = Date(),
        removed: Date? = nil
    ) {
        self.id = id
        self.name = name
        self.displayText = displayText
        self.diskSize = diskSize
        self.isCustomized = isCustomized
        self.storageType = storageType
        self.tags = tags
        self.provisioningType = provisioningType
        self.displayOffering = displayOffering
        self.isCustomizedIops = isCustomizedIops
        self.minIops = minIops
        self.maxIops = maxIops
        self.bytesReadRate = bytesReadRate
        self.bytesWriteRate = bytesWriteRate
        self.iopsReadRate = iopsReadRate
        self.iopsWriteRate = iopsWriteRate
        self.cacheMode = cacheMode
        self.diskSizeStrictness = diskSizeStrictness
        self.encrypt = encrypt
        self.domainIds = domainIds
        self.zoneIds = zoneIds
        self.sortKey = sortKey
        self.state = state
        self.created = created
        self.removed = removed
    }
}

/// A category of guest operating systems (CentOS, Ubuntu, Windows…).
public struct OsCategory: Codable, Sendable, Equatable {
    public var id: String
    public var name: String

    public init(
        id: String,
        name: String
    ) {
        self.id = id
        self.name = name
    }
}

/// A guest operating system type templates and ISOs declare.
public struct OsType: Codable, Sendable, Equatable {
    public var id: String
    public var description: String
    public var categoryId: String
    public var isUserDefined: Bool = false

    public init(
        id: String,
        description: String,
        categoryId: String,
        isUserDefined: Bool = false
    ) {
        self.id = id
        self.description = description
        self.categoryId = categoryId
        self.isUserDefined = isUserDefined
    }
}

/// What compute and disk offerings have in common: a name, where they are offered, and retirement.
public protocol Offering: Codable, Sendable {
    var id: String { get }
    var name: String { get set }
    var displayText: String { get set }
    var sortKey: Int { get set }
    var domainIds: String? { get set }
    var zoneIds: String? { get set }
    var state: String { get set }
    var removed: Date? { get set }
}

extension ServiceOffering: Offering {}
extension DiskOffering: Offering {}
