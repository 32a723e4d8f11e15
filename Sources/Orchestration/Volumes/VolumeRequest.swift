/// What `createVolume` asks for: a DATA disk of a disk offering (and a size, for custom offerings).
public struct VolumeRequest: Sendable, Equatable {
    public var name: String?
    public var zoneId: String
    public var diskOfferingId: String
    /// GiB, for a disk offering with a custom size.
    public var sizeGB: Int64?
    /// Attach it to this VM right away.
    public var vmId: String?

    public init(name: String? = nil, zoneId: String, diskOfferingId: String, sizeGB: Int64? = nil, vmId: String? = nil) {
        self.name = name
        self.zoneId = zoneId
        self.diskOfferingId = diskOfferingId
        self.sizeGB = sizeGB
        self.vmId = vmId
    }
}
