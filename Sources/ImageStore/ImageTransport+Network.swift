import ImageTransfer

extension ImageTransport {
    /// The real thing: images fetched over HTTP and HTTPS, stores reached over NFS or in local directories.
    public static func network() -> ImageTransport {
        ImageTransport(source: HTTPImageSource(), stores: StoreURLOpener())
    }
}
