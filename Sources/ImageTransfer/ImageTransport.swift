import Foundation

/// The I/O the image service is given by the program it runs in: where images come from and how
/// image stores are reached.
public struct ImageTransport: Sendable {
    public var source: any ImageSource
    public var stores: any ImageStoreOpener

    public init(source: any ImageSource, stores: any ImageStoreOpener) {
        self.source = source
        self.stores = stores
    }

    /// No I/O at all: every download and store call fails saying so. For processes and tests that never
    /// touch images.
    public static let unavailable = ImageTransport(source: Unavailable(), stores: Unavailable())

    /// Refuses everything.
    private struct Unavailable: ImageSource, ImageStoreOpener {
        static let reason = "this process was started without image I/O"

        func open(_ url: URL, rules: ImageFetchRules) async throws -> any ImageReader {
            throw DownloadFailure.permanent("Could not download \(url.absoluteString): \(Self.reason)")
        }

        func shutdown() async {}

        func open(url: String, protocolName: String) throws -> any ImageStoreAccess {
            throw ImageStoreError("\(url) cannot be reached: \(Self.reason)")
        }
    }
}
