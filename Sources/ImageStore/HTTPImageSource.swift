import AsyncHTTPClient
import Foundation
import ImageTransfer
import NIOCore
import Synchronization

/// Downloads images over HTTP and HTTPS with AsyncHTTPClient. It follows redirects itself so that every
/// hop passes `URLPolicy`, and refuses HTTP errors and files larger than the rules allow.
public final class HTTPImageSource: ImageSource {
    /// Redirects followed at most.
    static let maxRedirects = 5
    /// The HTTP clients made so far; the last one matches the most recent idle timeout.
    private let clients = Mutex<(current: (idle: Duration, client: HTTPClient)?, retired: [HTTPClient])>((nil, []))

    public init() {}

    public func open(_ url: URL, rules: ImageFetchRules) async throws -> any ImageReader {
        let client = client(idleTimeout: rules.idleTimeout)
        var current = url
        for _ in 0...Self.maxRedirects {
            try await URLPolicy.check(current, policy: rules.internalAddresses)
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
                if let length, length > rules.maxBytes {
                    throw DownloadFailure.permanent("The file at \(current.absoluteString) is \(length) bytes, more than max.template.iso.size allows (\(rules.maxBytes) bytes)")
                }
                return HTTPBodyReader(body: response.body, url: current, contentLength: length, maxBytes: rules.maxBytes)
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

    /// Shuts every client down; downloads still running fail.
    public func shutdown() async {
        let made = clients.withLock { clients -> [HTTPClient] in
            defer { clients = (nil, []) }
            return clients.retired + (clients.current.map { [$0.client] } ?? [])
        }
        for client in made { try? await client.shutdown() }
    }

    /// The client for `idleTimeout`: it never follows redirects by itself (each hop is checked first) and fails
    /// a download that sends nothing for that long. Another timeout gets a new client; the old one serves the
    /// downloads already running until `shutdown`.
    func client(idleTimeout: Duration) -> HTTPClient {
        clients.withLock { clients in
            if let current = clients.current, current.idle == idleTimeout { return current.client }
            if let previous = clients.current { clients.retired.append(previous.client) }
            var configuration = HTTPClient.Configuration(
                redirectConfiguration: .disallow,
                timeout: .init(connect: .seconds(15), read: TimeAmount(idleTimeout)),
                decompression: .disabled)
            configuration.http1_1ConnectionDebugInitializer = Self.largeReads
            configuration.http2ConnectionDebugInitializer = Self.largeReads
            let made = HTTPClient(eventLoopGroupProvider: .singleton, configuration: configuration)
            clients.current = (idleTimeout, made)
            return made
        }
    }

    /// The most a connection reads from its socket at once.
    static let maximumRead = 1 << 20

    /// Lets a connection read up to `maximumRead` bytes at once instead of NIO's default 64 KiB. The client
    /// hands the body over one read at a time and reads again only once that piece is taken, which costs two
    /// thread switches per read: with 64 KiB reads a 256 MiB download spent most of its time switching.
    static let largeReads: @Sendable (any Channel) -> EventLoopFuture<Void> = { channel in
        channel.setOption(ChannelOptions.recvAllocator, value: AdaptiveRecvByteBufferAllocator(minimum: 64, initial: 2048, maximum: maximumRead))
    }

    /// A client error in words an operator understands.
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
