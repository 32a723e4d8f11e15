import Crypto
import DomainModel
import Foundation
import ImageTransfer
import Persistence

/// A file to stream for an extract link.
public struct ExtractableFile: Sendable {
    public var access: any ImageStoreAccess
    public var path: String
    public var size: UInt64
    public var fileName: String
}

extension ImageService {
    /// Makes a download link for a ready template or ISO in `zoneId` (or the first zone where it is ready),
    /// valid for `extract.url.expiration.interval` seconds. Returns the link's record and its URL.
    public func extract(_ id: String, isIso: Bool, zoneId: String?, by initiator: Initiator) async throws -> (TemplateExtract, url: String) {
        let template = try await live(id, isIso: isIso)
        let refs = try await references(of: id)
        guard let ref = refs.first(where: { $0.isReady && (zoneId == nil || $0.zoneId == zoneId) }), let path = ref.installPath else {
            throw DomainError.invalidState("\(template.kindName) \(template.name) is not ready\(zoneId == nil ? "" : " in that zone"); it can be extracted once it is")
        }
        let token = TokenGenerator.token(bytes: 32)
        let lifetime = TimeInterval(max(settings.int("extract.url.expiration.interval"), 60))
        let record = TemplateExtract(
            id: Self.tokenHash(token), templateId: id, zoneId: ref.zoneId, storeId: ref.storeId, installPath: path,
            accountId: initiator.accountId, expires: Date().addingTimeInterval(lifetime))
        try await db.transaction { store in
            try await store.delete(from: Tables.templateExtract, [.atMost(.expires, Date())])
            try await store.insert(record, into: Tables.templateExtract)
            try await events.record(
                isIso ? "ISO.EXTRACT" : "TEMPLATE.EXTRACT", "Made a download link for \(template.kindName) \(template.name)", by: initiator,
                resourceId: id, resourceType: isIso ? "Iso" : "Template", in: store)
        }
        let url = "\(publicBaseURL)/client/extract/\(token)/\(template.id).\(template.fileExtension)"
        return (record, url)
    }

    /// The file behind an extract token, nil when the token is unknown or expired.
    public func extractedFile(token: String) async throws -> ExtractableFile? {
        guard let record = try await db.read.find(Tables.templateExtract, id: Self.tokenHash(token)), record.expires > Date(),
              let template = try await db.read.find(Tables.template, id: record.templateId), template.removed == nil,
              let imageStore = try await db.read.find(Tables.imageStore, id: record.storeId) else { return nil }
        let access = try stores.access(imageStore)
        guard let size = try await access.size(of: record.installPath) else { return nil }
        return ExtractableFile(access: access, path: record.installPath, size: size, fileName: "\(template.id).\(template.fileExtension)")
    }

    static func tokenHash(_ token: String) -> String {
        SHA256.hash(data: Data(token.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}
