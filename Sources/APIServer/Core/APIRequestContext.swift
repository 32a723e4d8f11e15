import Hummingbird
import NIOCore

/// The request context of the API's router: Hummingbird's basic one plus the client's address, which
/// login throttling counts failures by.
public struct APIRequestContext: RequestContext, RemoteAddressRequestContext {
    public var coreContext: CoreRequestContextStorage
    public let remoteAddress: SocketAddress?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        remoteAddress = source.channel.remoteAddress
    }

    /// The client's IP address as text ("unknown" when the connection has none, as in tests).
    var clientAddress: String { remoteAddress?.ipAddress ?? "unknown" }
}
