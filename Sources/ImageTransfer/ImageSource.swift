import DomainModel
import Foundation

/// Fetches templates and ISOs from the URLs they were registered with.
public protocol ImageSource: Sendable {
    /// Connects to `url`, following only redirects whose every hop passes `rules`, and returns the body to read.
    /// Throws `DownloadFailure`: transient when another try may succeed, permanent otherwise.
    func open(_ url: URL, rules: ImageFetchRules) async throws -> any ImageReader
    /// Releases connections (at server stop).
    func shutdown() async
}

/// What a fetch must respect, taken from the server's settings when the download starts.
public struct ImageFetchRules: Sendable {
    /// Which internal addresses may be reached (`secstorage.allowed.internal.sites`).
    public var internalAddresses: InternalAddressPolicy
    /// The largest file accepted (`max.template.iso.size`).
    public var maxBytes: Int64
    /// How long the server may send nothing before the download fails (`secstorage.download.timeout`).
    public var idleTimeout: Duration

    public init(internalAddresses: InternalAddressPolicy, maxBytes: Int64, idleTimeout: Duration) {
        self.internalAddresses = internalAddresses
        self.maxBytes = maxBytes
        self.idleTimeout = idleTimeout
    }
}
