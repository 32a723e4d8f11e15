import Foundation

/// A compute offering: the CPU and memory size of an instance.
public struct ServiceOffering: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var displayText: String
    public var cpuNumber: Int?
    public var cpuSpeed: Int?
    public var memory: Int?
    public var storageType: String = "shared"
    public var offerHa: Bool = false
    public var limitCpuUse: Bool = false
    public var hostTags: String?
    public var storageTags: String?
    public var isCustomized: Bool = false
    public var domainId: String?
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
        storageType: String = "shared",
        offerHa: Bool = false,
        limitCpuUse: Bool = false,
        hostTags: String? = nil,
        storageTags: String? = nil,
        isCustomized: Bool = false,
        domainId: String? = nil,
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
        self.storageType = storageType
        self.offerHa = offerHa
        self.limitCpuUse = limitCpuUse
        self.hostTags = hostTags
        self.storageTags = storageTags
        self.isCustomized = isCustomized
        self.domainId = domainId
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
    public var domainId: String?
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
        domainId: String? = nil,
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
        self.domainId = domainId
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
