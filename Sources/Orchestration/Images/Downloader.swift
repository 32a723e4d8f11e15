import AsyncHTTPClient
import DomainModel
import Foundation
import NIOCore

/// Streams an image from its URL: follows redirects itself so that every hop passes `URLPolicy`, refuses
/// HTTP errors and oversized files, and hands each received buffer to `sink` as it arrives — nothing is
/// kept in memory or on local disk.
struct Downloader {
    let client: HTTPClient
    /// Redirects followed at most.
    static let maxRedirects = 5

    /// What the server said about the body before it arrived.
    struct Head: Sendable {
        var url: URL
        var contentLength: Int64?
    }

    /// Downloads `url`. `start` sees the response head before the first byte (to check sizes and space);
    /// `sink` gets every buffer. Returns the number of bytes received.
    func fetch(
        _ url: URL, policy: InternalAddressPolicy, maxBytes: Int64,
        start: (Head) async throws -> Void, sink: (ByteBuffer) async throws -> Void
    ) async throws -> Int64 {
        var current = url
        for _ in 0...Self.maxRedirects {
            try await URLPolicy.check(current, policy: policy)
            var request = HTTPClientRequest(url: current.absoluteString)
            request.method = .GET
            request.headers.add(name: "User-Agent", value: "Cumulo-ImageDownloader/1.0")
            let response: HTTPClientResponse
            do {
                response = try await client.execute(request, timeout: .hours(24))
            } catch {
                throw DownloadFailure.transient("Could not download \(current.absoluteString): \(Self.describe(error))")
            }
            let code = Int(response.status.code)
            switch code {
            case 200:
                let length = response.headers.first(name: "content-length").flatMap { Int64($0) }
                if let length, length > maxBytes {
                    throw DownloadFailure.permanent("The file at \(current.absoluteString) is \(length) bytes, more than max.template.iso.size allows (\(maxBytes) bytes)")
                }
                try await start(Head(url: current, contentLength: length))
                var received: Int64 = 0
                do {
                    for try await buffer in response.body {
                        received += Int64(buffer.readableBytes)
                        if received > maxBytes {
                            throw DownloadFailure.permanent("The file at \(current.absoluteString) is larger than max.template.iso.size allows (\(maxBytes) bytes)")
                        }
                        try await sink(buffer)
                    }
                } catch let failure as DownloadFailure {
                    throw failure
                } catch let error as ImageStoreError {
                    throw error.isFull ? DownloadFailure.storeFull(error.description) : DownloadFailure.permanent(error.description)
                } catch is CancellationError {
                    throw CancellationError()
                } catch {
                    throw DownloadFailure.transient("The download from \(current.absoluteString) broke off after \(received) bytes: \(Self.describe(error))")
                }
                if let length, received != length {
                    throw DownloadFailure.transient("The download from \(current.absoluteString) ended after \(received) of \(length) bytes")
                }
                return received
            case 301, 302, 303, 307, 308:
                guard let location = response.headers.first(name: "location"),
                      let next = URL(string: location, relativeTo: current)?.absoluteURL else {
                    throw DownloadFailure.permanent("HTTP \(code) from \(current.absoluteString) without a usable Location header")
                }
                current = next
            case 408, 429, 500...599:
                throw DownloadFailure.transient("HTTP \(code) \(response.status.reasonPhrase) from \(current.absoluteString)")
            default:
                throw DownloadFailure.permanent("HTTP \(code) \(response.status.reasonPhrase) from \(current.absoluteString)")
            }
        }
        throw DownloadFailure.permanent("More than \(Self.maxRedirects) redirects from \(url.absoluteString)")
    }

    static func describe(_ error: any Error) -> String {
        if let error = error as? HTTPClientError {
            switch error {
            case .readTimeout: return "no data arrived within secstorage.download.timeout"
            case .connectTimeout: return "the connection timed out"
            case .deadlineExceeded: return "the download took too long"
            case .remoteConnectionClosed: return "the server closed the connection"
            default: return String(describing: error)
            }
        }
        let text = String(describing: error)
        return text.contains("connectionRefused") || text.contains("ECONNREFUSED") ? "connection refused" : text
    }
}
