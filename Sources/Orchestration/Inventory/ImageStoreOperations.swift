import DomainModel
import Foundation
import ImageTransfer
import Persistence

/// What `addImageStore` asks for.
public struct ImageStoreSpec: Sendable {
    public var provider: String
    public var name: String?
    public var url: String?
    public var zoneId: String?
    public var details: [String: String] = [:]

    public init(provider: String) {
        self.provider = provider
    }
}

extension InventoryService {
    /// Adds a secondary storage: an NFS export (`NFS`, `nfs://server/path`, reached from user space through
    /// libnfs) or a directory on the management server (`Local` or `SharedMountPoint`, `file:///path`). The
    /// store must answer and accept a probe write before it is added.
    public func addImageStore(_ spec: ImageStoreSpec, by initiator: Initiator) async throws -> ImageStore {
        let (provider, protocolName) = try Self.imageStoreProvider(spec.provider)
        guard let url = spec.url?.trimmingCharacters(in: .whitespaces), !url.isEmpty else {
            throw DomainError.invalidParameter("url is required for \(provider) image stores")
        }
        guard let zoneId = spec.zoneId, !zoneId.isEmpty else {
            throw DomainError.invalidParameter("zoneid is required for \(provider) image stores")
        }
        let expectedType = protocolName == "nfs" ? "NetworkFilesystem" : "Filesystem"
        let example = protocolName == "nfs" ? "An NFS image store needs a URL like nfs://server/export" : "A \(provider) image store needs a URL like file:///path"
        let location: StorageLocation
        do {
            location = try StorageLocation(url: url)
        } catch {
            throw DomainError.invalidParameter("\(example), got \(url): \(error)")
        }
        guard location.poolType == expectedType else { throw DomainError.invalidParameter("\(example), got \(url)") }
        let name = spec.name.flatMap { $0.trimmingCharacters(in: .whitespaces).isEmpty ? nil : $0 } ?? url
        var imageStore = ImageStore(id: ResourceID.make(), name: name, zoneId: zoneId, provider: provider, protocolName: protocolName, url: url)
        let details = try JSONSerialization.data(withJSONObject: spec.details, options: [.sortedKeys])
        imageStore.details = String(decoding: details, as: UTF8.self)
        guard let zone = try await db.read.find(Tables.zone, id: zoneId) else {
            throw DomainError.notFound(kind: "zone", id: zoneId, parameter: "zoneid")
        }
        if try await db.read.exists(Tables.imageStore, [.equals(.zoneId, zoneId), .equals(.url, url)]) {
            throw DomainError.invalidParameter("An image store with URL \(url) already exists in zone \(zone.name)")
        }
        let capacity = try await verifyImageStore(url: url, protocolName: protocolName)
        imageStore.totalBytes = Int64(clamping: capacity.total)
        imageStore.usedBytes = Int64(clamping: capacity.total - min(capacity.total, capacity.available))
        let created = imageStore
        try await db.transaction { store in
            guard let zone = try await store.find(Tables.zone, id: zoneId) else {
                throw DomainError.notFound(kind: "zone", id: zoneId, parameter: "zoneid")
            }
            if try await store.exists(Tables.imageStore, [.equals(.zoneId, zoneId), .equals(.url, url)]) {
                throw DomainError.invalidParameter("An image store with URL \(url) already exists in zone \(zone.name)")
            }
            try await store.insert(created, into: Tables.imageStore)
            try await events.record("IMAGE.STORE.CREATE", "Added image store \(created.name) to zone \(zone.name)", by: initiator, resourceId: created.id, resourceType: "ImageStore", in: store)
        }
        return created
    }

    public func deleteImageStore(id: String, by initiator: Initiator) async throws {
        try await db.transaction { store in
            guard let imageStore = try await store.find(Tables.imageStore, id: id) else {
                throw DomainError.notFound(kind: "image store", id: id, parameter: "id")
            }
            guard try await imageCount(onStore: id, in: store) == 0 else {
                throw DomainError.inUse("Cannot delete image store \(imageStore.name) with active templates backup!")
            }
            try await store.delete(from: Tables.imageStore, id: id)
            try await events.record("IMAGE.STORE.DELETE", "Deleted image store \(imageStore.name)", by: initiator, resourceId: id, resourceType: "ImageStore", in: store)
        }
    }

    /// The templates and ISOs kept (or being downloaded) on an image store.
    func imageCount(onStore id: String, in store: Store) async throws -> Int {
        try await store.count(Tables.templateStoreRef, [.equals(.storeId, id)])
    }

    /// Reaches the store, proves it takes writes, and returns its capacity; throws a readable refusal.
    func verifyImageStore(url: String, protocolName: String) async throws -> (total: UInt64, available: UInt64) {
        let access: any ImageStoreAccess
        do {
            access = try imageStores.open(url: url, protocolName: protocolName)
        } catch {
            throw DomainError.invalidParameter("Cannot use image store \(url): \(error)")
        }
        do {
            try await access.checkWritable()
            let capacity = try await access.capacity()
            await access.close()
            return capacity
        } catch {
            await access.close()
            throw DomainError.invalidParameter("Image store \(url) is not reachable and writable: \(error)")
        }
    }

    /// The canonical provider name and the protocol of an image store provider.
    static func imageStoreProvider(_ text: String) throws -> (provider: String, protocolName: String) {
        switch text.lowercased() {
        case "nfs": return ("NFS", "nfs")
        case "local": return ("Local", "file")
        case "sharedmountpoint": return ("SharedMountPoint", "file")
        default: throw DomainError.invalidParameter("Image store provider \(text) is not supported; use NFS, or Local with a file:///path URL")
        }
    }
}
