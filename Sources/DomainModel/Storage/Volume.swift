import Foundation

/// A disk of a virtual machine — its ROOT disk or a data disk — kept as one file on a primary storage pool.
///
/// A volume is `Allocated` (a record, no file, `poolId` and `path` nil) until it is created on a pool.
/// A ROOT disk from a template is a qcow2 overlay on the template's copy in the pool; a ROOT disk for an
/// ISO deployment and every data disk are blank qcow2 files of `sizeBytes`.
public struct Volume: Codable, Sendable, Equatable {
    public var id: String
    public var name: String
    public var accountId: String
    public var domainId: String
    public var zoneId: String
    /// The pool holding the file; nil while Allocated.
    public var poolId: String?
    /// The VM the volume is attached to; nil when detached.
    public var vmId: String?
    /// The disk's slot on the VM: 0 for ROOT, data disks from 1 (see `Volume.nextDataDeviceId`); nil when detached.
    public var deviceId: Int?
    public var type: VolumeType
    /// The virtual size in bytes.
    public var sizeBytes: Int64
    public var diskOfferingId: String?
    /// The template a ROOT disk was made from.
    public var templateId: String?
    /// `QCOW2`, as template formats are spelt.
    public var format: String = "QCOW2"
    /// The file name on the pool; nil until the file exists.
    public var path: String?
    public var state: VolumeState = .allocated
    public var created: Date = Date()
    public var removed: Date?
    /// Row version for compare-and-set state changes.
    public var rowVersion: Int = 0

    public init(
        id: String,
        name: String,
        accountId: String,
        domainId: String,
        zoneId: String,
        poolId: String? = nil,
        vmId: String? = nil,
        deviceId: Int? = nil,
        type: VolumeType,
        sizeBytes: Int64,
        diskOfferingId: String? = nil,
        templateId: String? = nil,
        format: String = "QCOW2",
        path: String? = nil,
        state: VolumeState = .allocated,
        created: Date = Date(),
        removed: Date? = nil,
        rowVersion: Int = 0
    ) {
        self.id = id
        self.name = name
        self.accountId = accountId
        self.domainId = domainId
        self.zoneId = zoneId
        self.poolId = poolId
        self.vmId = vmId
        self.deviceId = deviceId
        self.type = type
        self.sizeBytes = sizeBytes
        self.diskOfferingId = diskOfferingId
        self.templateId = templateId
        self.format = format
        self.path = path
        self.state = state
        self.created = created
        self.removed = removed
        self.rowVersion = rowVersion
    }
}

extension Volume {
    /// The device id of the CD-ROM drive, which data disks never take (CloudStack reserves 3 on KVM).
    public static let cdromDeviceId = 3

    /// The lowest free device id for a data disk on a VM whose volumes hold `used`, skipping 0 (ROOT) and
    /// the CD-ROM's slot; nil when all ids up to `maxDeviceId` are taken.
    public static func nextDataDeviceId(used: some Sequence<Int>, maxDeviceId: Int = 15) -> Int? {
        let taken = Set(used)
        return (1...max(1, maxDeviceId)).first { $0 != cdromDeviceId && !taken.contains($0) }
    }
}
