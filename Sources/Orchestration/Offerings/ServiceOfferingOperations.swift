import DomainModel
import Foundation
import Persistence

/// What `createServiceOffering` asks for. Sizes left nil are not given.
public struct ServiceOfferingRequest: Sendable {
    public var name: String
    public var displayText: String?
    public var cpuNumber: Int?
    public var cpuSpeed: Int?
    public var memory: Int?
    /// Nil lets the sizes decide: an offering without cpunumber and memory is customized.
    public var customized: Bool?
    public var minCpuNumber: Int?
    public var maxCpuNumber: Int?
    public var minMemory: Int?
    public var maxMemory: Int?
    public var storageType: String?
    public var provisioningType: String?
    public var offerHa = false
    public var limitCpuUse = false
    public var isVolatile = false
    public var dynamicScalingEnabled = true
    public var encryptRoot = false
    public var storageTags: String?
    public var hostTags: String?
    public var domainIds: [String] = []
    public var zoneIds: [String] = []
    public var isSystem = false
    public var systemVmType: String?
    public var networkRate: Int?
    public var rootDiskSize: Int64?
    public var diskOfferingId: String?
    public var diskOfferingStrictness = false
    public var bytesReadRate: Int64?
    public var bytesWriteRate: Int64?
    public var iopsReadRate: Int64?
    public var iopsWriteRate: Int64?
    public var cacheMode: String?
    public var deploymentPlanner: String?

    public init(name: String) { self.name = name }
}

/// The changeable fields of a compute offering, as `updateServiceOffering` passes them.
/// The changes `updateServiceOffering` accepts beyond the shared ones.
public struct ServiceOfferingChanges: Sendable {
    public var common = OfferingChanges()
    public var hostTags: String?
    public var storageTags: String?

    public init() {}
}

extension OfferingService {
    static let systemVmTypes = ["domainrouter", "consoleproxy", "secondarystoragevm"]

    public func createServiceOffering(_ r: ServiceOfferingRequest, by initiator: Initiator) async throws -> ServiceOffering {
        let name = try Self.name(r.name)
        var offering = ServiceOffering(id: ResourceID.make(), name: name, displayText: Self.given(r.displayText) ?? name)
        try Self.size(r, into: &offering)
        offering.storageType = try Self.oneOf(r.storageType, OfferingLimits.storageTypes, "storagetype") ?? "shared"
        offering.provisioningType = try Self.oneOf(r.provisioningType, OfferingLimits.provisioningTypes, "provisioningtype") ?? "thin"
        offering.cacheMode = try Self.oneOf(r.cacheMode, OfferingLimits.cacheModes, "cachemode")
        offering.offerHa = r.offerHa
        offering.limitCpuUse = r.limitCpuUse
        offering.isVolatile = r.isVolatile
        offering.dynamicScalingEnabled = r.dynamicScalingEnabled
        offering.encryptRoot = r.encryptRoot
        offering.hostTags = Self.given(r.hostTags)
        offering.storageTags = Self.given(r.storageTags)
        offering.deploymentPlanner = Self.given(r.deploymentPlanner)
        offering.diskOfferingStrictness = r.diskOfferingStrictness
        if let rate = r.networkRate {
            guard rate >= 0 else { throw DomainError.invalidParameter("networkrate can not be negative") }
            offering.networkRate = rate == 0 ? nil : rate
        }
        if let size = r.rootDiskSize {
            guard OfferingLimits.diskSize.contains(size) else {
                throw DomainError.invalidParameter("Failed to create service offering \(name): specify the root disk size between \(OfferingLimits.diskSize.lowerBound) and \(OfferingLimits.diskSize.upperBound) GB")
            }
            offering.rootDiskSize = size
        }
        offering.bytesReadRate = try Self.rate(r.bytesReadRate, "bytesreadrate")
        offering.bytesWriteRate = try Self.rate(r.bytesWriteRate, "byteswriterate")
        offering.iopsReadRate = try Self.rate(r.iopsReadRate, "iopsreadrate")
        offering.iopsWriteRate = try Self.rate(r.iopsWriteRate, "iopswriterate")
        if r.isSystem {
            offering.isSystem = true
            offering.systemVmType = try Self.oneOf(r.systemVmType, Self.systemVmTypes, "systemvmtype") ?? "domainrouter"
        }
        let draft = offering
        return try await db.transaction { store in
            var offering = draft
            offering.domainIds = try await Self.existing(r.domainIds, in: Tables.domain, kind: "domain", parameter: "domainid", store)
            offering.zoneIds = try await Self.existing(r.zoneIds, in: Tables.zone, kind: "zone", parameter: "zoneid", store)
            if let id = r.diskOfferingId {
                guard let disk = try await store.find(Tables.diskOffering, id: id), disk.removed == nil else {
                    throw DomainError.notFound(kind: "disk offering", id: id, parameter: "diskofferingid")
                }
                offering.diskOfferingId = disk.id
            }
            try await store.insert(offering, into: Tables.serviceOffering)
            try await events.record(
                "SERVICE.OFFERING.CREATE", "Created compute offering \(offering.name)", by: initiator,
                resourceId: offering.id, resourceType: "ServiceOffering", in: store)
            return offering
        }
    }

    public func updateServiceOffering(id: String, _ c: ServiceOfferingChanges, by initiator: Initiator) async throws -> ServiceOffering {
        try await update(Tables.serviceOffering, id: id, kind: "compute offering", c.common, eventType: "SERVICE.OFFERING.EDIT", resourceType: "ServiceOffering", by: initiator) { offering in
            if let v = c.hostTags { offering.hostTags = Self.given(v) }
            if let v = c.storageTags { offering.storageTags = Self.given(v) }
        }
    }

    public func deleteServiceOffering(id: String, by initiator: Initiator) async throws {
        try await retire(Tables.serviceOffering, id: id, kind: "compute offering", eventType: "SERVICE.OFFERING.DELETE", resourceType: "ServiceOffering", by: initiator)
    }

    /// Checks the CPU and memory a request gives and decides whether the offering is customized.
    static func size(_ r: ServiceOfferingRequest, into o: inout ServiceOffering) throws {
        let failed = "Failed to create service offering \(o.name)"
        for (value, limits, what) in [
            (r.cpuNumber, OfferingLimits.cpuNumber, "cpu number"), (r.minCpuNumber, OfferingLimits.cpuNumber, "minimum cpu number"),
            (r.maxCpuNumber, OfferingLimits.cpuNumber, "maximum cpu number"),
        ] {
            if let value, !limits.contains(value) {
                throw DomainError.invalidParameter("\(failed): specify the \(what) value between \(limits.lowerBound) and \(limits.upperBound)")
            }
        }
        if let speed = r.cpuSpeed, !OfferingLimits.cpuSpeed.contains(speed) {
            throw DomainError.invalidParameter("\(failed): specify the cpu speed value between \(OfferingLimits.cpuSpeed.lowerBound) and \(OfferingLimits.cpuSpeed.upperBound) MHz")
        }
        for (value, what) in [(r.memory, "memory"), (r.minMemory, "minimum memory"), (r.maxMemory, "maximum memory")] {
            if let value, !OfferingLimits.memory.contains(value) {
                throw DomainError.invalidParameter("\(failed): specify the \(what) value between \(OfferingLimits.memory.lowerBound) and \(OfferingLimits.memory.upperBound) MB")
            }
        }
        let bounded = [r.minCpuNumber, r.maxCpuNumber, r.minMemory, r.maxMemory].contains { $0 != nil }
        if r.customized ?? (r.cpuNumber == nil && r.memory == nil) {
            guard r.cpuNumber == nil && r.memory == nil else {
                throw DomainError.invalidParameter(
                    "\(failed): a customized offering takes no cpunumber or memory; bound the choice with mincpunumber, maxcpunumber, minmemory and maxmemory")
            }
            if let low = r.minCpuNumber, let high = r.maxCpuNumber, low > high {
                throw DomainError.invalidParameter("\(failed): mincpunumber can not be greater than maxcpunumber")
            }
            if let low = r.minMemory, let high = r.maxMemory, low > high {
                throw DomainError.invalidParameter("\(failed): minmemory can not be greater than maxmemory")
            }
            o.isCustomized = true
            o.cpuSpeed = r.cpuSpeed
            o.minCpuNumber = r.minCpuNumber
            o.maxCpuNumber = r.maxCpuNumber
            o.minMemory = r.minMemory
            o.maxMemory = r.maxMemory
        } else {
            guard let cpuNumber = r.cpuNumber, let cpuSpeed = r.cpuSpeed, let memory = r.memory else {
                throw DomainError.invalidParameter(
                    "\(failed): an offering that is not customized needs cpunumber, cpuspeed and memory; leave out cpunumber and memory for a customized offering")
            }
            guard !bounded else {
                throw DomainError.invalidParameter("\(failed): mincpunumber, maxcpunumber, minmemory and maxmemory apply only to customized offerings")
            }
            o.cpuNumber = cpuNumber
            o.cpuSpeed = cpuSpeed
            o.memory = memory
        }
    }
}
