/// Files on one image store, however it is reached: an NFS export through libnfs, or a local directory.
/// Paths are relative to the store's root (`template/tmpl/…`).
public protocol ImageStoreAccess: Sendable {
    /// Proves the store answers and accepts writes (a probe file is written, read back and removed).
    func checkWritable() async throws
    /// Total and available bytes.
    func capacity() async throws -> (total: UInt64, available: UInt64)
    /// Creates (replacing) `path` and its missing parent directories for streaming writes.
    func openWriter(_ path: String) async throws -> any ImageFileWriter
    /// Opens `path` to read it from its first byte; the reader's `expectedSize` is the file's size.
    func openReader(_ path: String) async throws -> any ImageReader
    /// Up to `count` bytes from `offset` (fewer at the end of the file).
    func read(_ path: String, offset: UInt64, count: Int) async throws -> [UInt8]
    /// The size of file `path`, nil when it does not exist.
    func size(of path: String) async throws -> UInt64?
    func rename(_ source: String, to destination: String) async throws
    /// Removes a file; nothing happens when it does not exist.
    func remove(_ path: String) async throws
    /// Removes a directory and everything below it; nothing happens when it does not exist.
    func removeTree(_ path: String) async throws
    /// Releases connections.
    func close() async
}

/// A file being written on an image store.
public protocol ImageFileWriter: Sendable {
    /// Appends `bytes`; they may be buffered until a later write or `close`.
    func write(_ bytes: [UInt8]) async throws
    /// Writes what is left and makes it durable.
    func close() async throws
}

/// Reaches image stores by their URL (`nfs://server/export`, `file:///path`).
public protocol ImageStoreOpener: Sendable {
    /// A fresh access to the store at `url`; `protocolName` is the store's protocol (`nfs` or `file`).
    func open(url: String, protocolName: String) throws -> any ImageStoreAccess
}
