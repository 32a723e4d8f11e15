import DomainModel
import Foundation
import Persistence

/// What `createDiskOffering` asks for.
public struct DiskOfferingRequest: Sendable {
    public var name: String
    public var displayText: String?
    /// GiB.
    public var diskSize: Int64?
    public var customized = false
    public var tags: String?
    public var storageType: String?
    public var provisioningType: String?
    public var domainIds: [String] = []
    public var zoneIds: [String] = []
    public var displayOffering = true
    public var customizedIops = false
    public var minIops: Int64?
    public var maxIops: Int64?
    public var bytesReadRate: Int64?
    public var bytesWriteRate: Int64?
    public var iopsReadRate: Int64?
    public var iopsWriteRate: Int64?
    public var cacheMode: String?
    public var diskSizeStrictness = false
    public var encrypt = false

    public init(name: String) { self.name = name }
}

/// The changeable fields of a disk offering, as `updateDiskOffering` passes them.
/// The changes `updateDiskOffering` accepts beyond the shared ones.
public struct DiskOfferingChanges: Sendable {
    public var common = OfferingChanges()
    public var displayOffering: Bool?
    public var tags: String?

    public init() {}
}

extension OfferingService {
    public func createDiskOffering(_ r: DiskOfferingRequest, by initiator: Initiator) async throws -> DiskOffering {
        let name = try Self.name(r.name)
        let limits = OfferingLimits.diskSize
        if r.customized {
            if let size = r.diskSize, size != 0 {
                throw DomainError.invalidParameter("A customized disk offering takes no disksize: the size is chosen when the volume is created")
            }
        } else {
            guard let size = r.diskSize else {
                throw DomainError.invalidParameter("disksize is required for a disk offering that is not customized")
            }
            guard limits.contains(size) else {
                throw DomainError.invalidParameter("Please specify a disk size between \(limits.lowerBound) and \(limits.upperBound) GB")
            }
        }
        var offering = DiskOffering(
            id: ResourceID.make(), name: name, displayText: Self.given(r.displayText) ?? name,
            diskSize: r.customized ? 0 : r.diskSize ?? 0, isCustomized: r.customized)
        offering.storageType = try Self.oneOf(r.storageType, OfferingLimits.storageTypes, "storagetype") ?? "shared"
        offering.provisioningType = try Self.oneOf(r.provisioningType, OfferingLimits.provisioningTypes, "provisioningtype") ?? "thin"
        offering.cacheMode = try Self.oneOf(r.cacheMode, OfferingLimits.cacheModes, "cachemode")
        offering.tags = Self.given(r.tags)
        offering.displayOffering = r.displayOffering
        offering.isCustomizedIops = r.customizedIops
        offering.minIops = try Self.rate(r.minIops, "miniops")
        offering.maxIops = try Self.rate(r.maxIops, "maxiops")
        if let low = offering.minIops, let high = offering.maxIops, low > high {
            throw DomainError.invalidParameter("miniops can not be greater than maxiops")
        }
        offering.bytesReadRate = try Self.rate(r.bytesReadRate, "bytesreadrate")
        offering.bytesWriteRate = try Self.rate(r.bytesWriteRate, "byteswriterate")
        offering.iopsReadRate = try Self.rate(r.iopsReadRate, "iopsreadrate")
        offering.iopsWriteRate = try Self.rate(r.iopsWriteRate, "iopswriterate")
        offering.diskSizeStrictness = r.diskSizeStrictness
        offering.encrypt = r.encrypt
        let draft = offering
        return try await db.transaction { store in
            var offering = draft
            offering.domainIds = try await Self.existing(r.domainIds, in: Tables.domain, kind: "domain", parameter: "domainid", store)
            offering.zoneIds = try await Self.existing(r.zoneIds, in: Tables.zone, kind: "zone", parameter: "zoneid", store)
            try await store.insert(offering, into: Tables.diskOffering)
            try await events.record(
                "DISK.OFFERING.CREATE", "Created disk offering \(offering.name)", by: initiator,
                resourceId: offering.id, resourceType: "DiskOffering", in: store)
            return offering
        }
    }

    public func updateDiskOffering(id: String, _ c: DiskOfferingChanges, by initiator: Initiator) async throws -> DiskOffering {
        try await update(Tables.diskOffering, id: id, kind: "disk offering", c.common, eventType: "DISK.OFFERING.EDIT", resourceType: "DiskOffering", by: initiator) { offering in
            if let v = c.displayOffering { offering.displayOffering = v }
            if let v = c.tags { offering.tags = Self.given(v) }
        }
    }

    public func deleteDiskOffering(id: String, by initiator: Initiator) async throws {
        try await retire(Tables.diskOffering, id: id, kind: "disk offering", eventType: "DISK.OFFERING.DELETE", resourceType: "DiskOffering", by: initiator)
    }
}
