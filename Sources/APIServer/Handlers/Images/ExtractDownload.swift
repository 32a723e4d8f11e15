import Foundation
import Hummingbird
import ImageTransfer
import Logging
import NIOCore
import Orchestration

/// Serves the links `extractTemplate` and `extractIso` hand out: `GET /client/extract/<token>/<file>` streams
/// the file from its image store. The token is the only credential; unknown or expired tokens get 404.
struct ExtractDownload: Sendable {
    let images: ImageService
    let logger: Logger

    func respond(token: String) async -> Response {
        let file: ExtractableFile?
        do {
            file = try await images.extractedFile(token: token)
        } catch {
            logger.error("extract link failed: \(error)")
            return Response(status: .internalServerError, body: .init(byteBuffer: ByteBuffer(string: "The file could not be read from its image store\n")))
        }
        guard let file else {
            return Response(status: .notFound, body: .init(byteBuffer: ByteBuffer(string: "Unknown or expired download link\n")))
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/octet-stream"
        headers[.contentDisposition] = "attachment; filename=\"\(file.fileName)\""
        let logger = self.logger
        let body = ResponseBody(contentLength: Int(file.size)) { writer in
            let reader = try await file.access.openReader(file.path)
            do {
                while true {
                    let bytes = try await reader.read(max: 1 << 20)
                    if bytes.isEmpty { break }
                    try await writer.write(ByteBuffer(bytes: bytes))
                }
            } catch {
                logger.warning("extract download of \(file.path) broke off: \(error)")
                await reader.close()
                throw error
            }
            await reader.close()
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: headers, body: body)
    }
}
