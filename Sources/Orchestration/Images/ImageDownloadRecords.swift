import DomainModel
import Foundation
import Persistence

extension ImageService {
    /// Marks a download ready; throws `Abandoned` when the reference was deleted meanwhile.
    func finish(_ ref: TemplateStoreRef, _ template: Template, _ imageStore: ImageStore, received: Int64, virtualSize: Int64, physical: Int64, target: String) async throws {
        let finished = try await db.transaction { store -> Bool in
            let done = try await store.update(Tables.templateStoreRef, id: ref.id, where: [.equals(.downloadState, .inProgress), .equals(.attempt, ref.attempt)], set: [.set(.downloadState, .downloaded), .set(.downloadPercent, 100), .set(.downloadedBytes, received), .set(.size, virtualSize), .set(.physicalSize, physical), .set(.installPath, target), .set(.errorString, nil), .set(.updated, Date())])
            if done {
                try await events.record(
                    template.isIso ? "ISO.DOWNLOAD" : "TEMPLATE.DOWNLOAD", "\(template.kindName) \(template.name) is ready on image store \(imageStore.name)",
                    by: Initiator(userId: nil, accountId: template.accountId, domainId: template.domainId),
                    resourceId: template.id, resourceType: template.isIso ? "Iso" : "Template", in: store)
            }
            return done
        }
        if !finished { throw Abandoned() }
    }

    /// Persists progress; throws `Abandoned` when the reference was deleted or another attempt took over.
    func saveProgress(_ ref: TemplateStoreRef, received: Int64, total: Int64?) async throws {
        let percent = total.map { $0 > 0 ? Int(min(received * 100 / $0, 100)) : 0 } ?? 0
        let saved = try await db.transaction { store in
            try await store.update(Tables.templateStoreRef, id: ref.id, where: [.equals(.downloadState, .inProgress), .equals(.attempt, ref.attempt)], set: [.set(.downloadPercent, percent), .set(.downloadedBytes, received), .set(.physicalSize, received), .set(.updated, Date())])
        }
        if !saved { throw Abandoned() }
    }

    /// Ends an attempt: `.error` with the reason, or `.notDownloaded` to start again later.
    func settle(_ ref: TemplateStoreRef, _ state: ImageDownloadState, reason: String?) async {
        do {
            try await db.transaction { store in
                let changed = try await store.update(
                    Tables.templateStoreRef, id: ref.id,
                    where: [.equals(.downloadState, .inProgress), .equals(.attempt, ref.attempt)],
                    set: state == .error
                        ? [.set(.downloadState, state), .set(.errorString, reason), .set(.updated, Date())]
                        : [.set(.downloadState, state), .set(.downloadPercent, 0), .set(.downloadedBytes, 0), .set(.updated, Date())])
                if changed, state == .error, let template = try await store.find(Tables.template, id: ref.templateId) {
                    try await events.record(
                        template.isIso ? "ISO.DOWNLOAD" : "TEMPLATE.DOWNLOAD", "Download of \(template.kindName) \(template.name) failed: \(reason ?? "")",
                        by: Initiator(userId: nil, accountId: template.accountId, domainId: template.domainId),
                        resourceId: template.id, resourceType: template.isIso ? "Iso" : "Template", level: .error, in: store)
                }
            }
            if state == .error { logger.warning("image download \(ref.id) failed: \(reason ?? "")") }
        } catch {
            logger.error("could not record the end of image download \(ref.id): \(error)")
        }
    }
}
