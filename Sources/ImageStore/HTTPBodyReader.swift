import AsyncHTTPClient
import Foundation
import ImageTransfer
import NIOCore

/// The body of one HTTP response, read in order in pieces of the size the caller asks for. It counts what
/// arrives against the size limit and the announced length, and says how a broken download ended.
actor HTTPBodyReader: ImageReader {
    nonisolated let expectedSize: UInt64?
    private let body: HTTPClientResponse.Body
    private let url: URL
    private let contentLength: Int64?
    private let maxBytes: Int64
    private var iterator: HTTPClientResponse.Body.AsyncIterator?
    /// Bytes received and not handed out yet: the end of a piece that did not fit into the last read.
    private var leftover = ByteBuffer()
    private var received: Int64 = 0
    private var ended = false

    init(body: HTTPClientResponse.Body, url: URL, contentLength: Int64?, maxBytes: Int64) {
        self.body = body
        self.url = url
        self.contentLength = contentLength
        self.maxBytes = maxBytes
        expectedSize = contentLength.map { UInt64($0) }
    }

    func read(max: Int) async throws -> [UInt8] {
        var bytes: [UInt8] = []
        let announced = contentLength.map { Int(clamping: $0 - received) + leftover.readableBytes } ?? max
        bytes.reserveCapacity(Swift.min(max, announced))
        move(from: &leftover, into: &bytes, max: max)
        while bytes.count < max, !ended {
            guard var piece = try await nextPiece() else {
                ended = true
                break
            }
            move(from: &piece, into: &bytes, max: max)
            leftover = piece
        }
        return bytes
    }

    func close() async {
        // Dropping the iterator ends the response; AsyncHTTPClient closes or reuses the connection.
        iterator = nil
        ended = true
    }

    private func move(from piece: inout ByteBuffer, into bytes: inout [UInt8], max: Int) {
        let count = Swift.min(piece.readableBytes, max - bytes.count)
        guard count > 0 else { return }
        piece.withUnsafeReadableBytes { raw in
            bytes.append(contentsOf: UnsafeRawBufferPointer(rebasing: raw.prefix(count)))
        }
        piece.moveReaderIndex(forwardBy: count)
    }

    /// The next piece of the body, nil at its end.
    private func nextPiece() async throws -> ByteBuffer? {
        var current = iterator ?? body.makeAsyncIterator()
        let piece: ByteBuffer?
        do {
            piece = try await current.next(isolation: self)
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw DownloadFailure.transient("The download from \(url.absoluteString) broke off after \(received) bytes: \(HTTPImageSource.describe(error))")
        }
        iterator = current
        guard let piece else {
            if let contentLength, received != contentLength {
                throw DownloadFailure.transient("The download from \(url.absoluteString) ended after \(received) of \(contentLength) bytes")
            }
            return nil
        }
        received += Int64(piece.readableBytes)
        if received > maxBytes {
            throw DownloadFailure.permanent("The file at \(url.absoluteString) is larger than max.template.iso.size allows (\(maxBytes) bytes)")
        }
        return piece
    }
}
