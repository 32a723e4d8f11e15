/// The bytes of one image read front to back: the body of a download, or a file on an image store.
/// Reads are sequential: a caller awaits one `read` before starting the next.
public protocol ImageReader: Sendable {
    /// The number of bytes to expect, when known before the first one (a file's size, a Content-Length).
    var expectedSize: UInt64? { get }
    /// The next bytes, at most `max` of them; empty at the end.
    func read(max: Int) async throws -> [UInt8]
    /// Releases the file or connection; reading after it is an error.
    func close() async
}
