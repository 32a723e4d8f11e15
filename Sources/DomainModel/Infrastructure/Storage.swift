import Foundation

/// A primary storage pool holding guest volumes, scoped to a cluster or a zone.
public struct StoragePool: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var zoneId: String
    public var podId: String?
    public var clusterId: String?
    /// `CLUSTER` or `ZONE`.
    public var scope: String
    /// `NetworkFilesystem`, `SharedMountPoint`, `Filesystem`.
    public var poolType: String
    public var host: String
    public var path: String
    public var url: String
    public var hypervisor: String?
    public var provider: String = "DefaultPrimary"
    public var tags: String?
    public var state: StoragePoolState = .initialized
    public var capacityBytes: Int64 = 0
    public var usedBytes: Int64 = 0
    public var allocatedBytes: Int64 = 0
    public var created: Date = Date()

    public init(
        id: String,
        name: String,
        zoneId: String,
        podId: String? = nil,
        clusterId: String? = nil,
        scope: String,
        poolType: String,
        host: String,
        path: String,
        url: String,
        hypervisor: String? = nil,
        provider: String = "DefaultPrimary",
        tags: String? = nil,
        state: StoragePoolState = .initialized,
        capacityBytes: Int64 = 0,
        usedBytes: Int64 = 0,
        allocatedBytes: Int64 = 0,
        created: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.zoneId = zoneId
        self.podId = podId
        self.clusterId = clusterId
        self.scope = scope
        self.poolType = poolType
        self.host = host
        self.path = path
        self.url = url
        self.hypervisor = hypervisor
        self.provider = provider
        self.tags = tags
        self.state = state
        self.capacityBytes = capacityBytes
        self.usedBytes = usedBytes
        self.allocatedBytes = allocatedBytes
        self.created = created
    }
}

/// A secondary storage (image store) of a zone, holding templates and ISOs.
public struct ImageStore: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var zoneId: String?
    /// `NFS` or a local path provider.
    public var provider: String
    public var protocolName: String
    public var url: String
    public var scope: String = "ZONE"
    public var readOnly: Bool = false
    public var details: String = "{}"
    public var totalBytes: Int64?
    public var usedBytes: Int64?
    public var created: Date = Date()

    public init(
        id: String,
        name: String,
        zoneId: String? = nil,
        provider: String,
        protocolName: String,
        url: String,
        scope: String = "ZONE",
        readOnly: Bool = false,
        totalBytes: Int64? = nil,
        usedBytes: Int64? = nil,
        created: Date = Date()
    ) {
        self.id = id
        self.name = name
        self.zoneId = zoneId
        self.provider = provider
        self.protocolName = protocolName
        self.url = url
        self.scope = scope
        self.readOnly = readOnly
        self.totalBytes = totalBytes
        self.usedBytes = usedBytes
        self.created = created
    }
}
