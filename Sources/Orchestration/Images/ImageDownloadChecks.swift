import DomainModel
import Foundation
import ImageTransfer

extension ImageService {
    /// Checks a written file before it is renamed into place: not empty, the checksum the template names,
    /// and the content against its format. Returns the virtual size.
    func verify(_ written: Written, _ template: Template, at path: String, on access: any ImageStoreAccess, _ ref: TemplateStoreRef) async throws -> Int64 {
        guard written.bytes > 0 else { throw DownloadFailure.permanent("The file at \(template.url) is empty") }
        if let checksum = try expectedChecksum(of: template), let computed = written.digest, !checksum.matches(computed) {
            throw DownloadFailure.permanent(checksum.mismatchReason(computed))
        }
        try await saveProgress(ref, received: written.bytes, total: written.bytes)
        return try await inspect(template, at: path, access: access, fileSize: written.bytes)
    }

    /// The checksum a template names, if any; one that cannot be read fails the download rather than
    /// skipping the check.
    func expectedChecksum(of template: Template) throws -> Checksum? {
        guard let text = template.checksum else { return nil }
        do {
            return try Checksum(parsing: text)
        } catch {
            throw DownloadFailure.permanent("The checksum of \(template.kindName) \(template.name) cannot be used: \(error)")
        }
    }

    /// Checks the downloaded file's content against its format; returns the virtual size.
    func inspect(_ template: Template, at path: String, access: any ImageStoreAccess, fileSize: Int64) async throws -> Int64 {
        let head = try await storeCall { try await access.read(path, offset: 0, count: QCOW2Header.probeSize) }
        switch template.format {
        case "QCOW2":
            let header: QCOW2Header
            do {
                header = try QCOW2Header(parsing: head)
            } catch let error as QCOW2Error {
                throw DownloadFailure.permanent("The file is not a usable qcow2 image: \(error)")
            }
            if let refusal = header.refusal { throw DownloadFailure.permanent(refusal) }
            return Int64(clamping: header.virtualSize)
        case "RAW":
            if QCOW2Header.looksLikeQCOW2(head) {
                throw DownloadFailure.permanent("The template was registered as RAW but the file is a qcow2 image; register it with format QCOW2")
            }
            return fileSize
        default:
            return fileSize
        }
    }
}
