import CNFS

/// Reads a file on an export from start to end, fetching the next chunk while the caller handles the
/// current one. Call `close()` when done.
public actor NFSFileReader {
    /// Normalised path of the file inside the export.
    public nonisolated let path: String
    /// Size of the file when it was opened.
    public nonisolated let size: UInt64
    private let handle: NFSFileHandle
    /// Offset of the next byte `read(max:)` returns.
    public private(set) var offset: UInt64 = 0
    /// The next chunk, queued on the connection's thread while the caller handles the current one.
    private var prefetch: (offset: UInt64, count: Int, result: NFSPendingResult<[UInt8]>)?
    private var isClosed = false

    init(handle: NFSFileHandle, size: UInt64) {
        self.path = handle.path
        self.size = size
        self.handle = handle
    }

    /// The next bytes of the file, at most `max` of them; empty at the end of the file.
    public func read(max: Int) async throws -> [UInt8] {
        guard !isClosed else {
            throw NFSError(operation: "read", server: handle.connection.address.server,
                           exportPath: handle.connection.address.exportPath, path: path,
                           errno: -EBADF, message: "the reader is closed")
        }
        guard max > 0 else { return [] }
        let start = offset
        let bytes: [UInt8]
        if let ahead = prefetch, ahead.offset == start, ahead.count == max {
            prefetch = nil
            bytes = try await ahead.result.value
        } else {
            // A read elsewhere than the chunk fetched ahead: that chunk is not needed (its read still runs).
            prefetch = nil
            bytes = try await handle.read(at: start, count: max)
        }
        offset = start + UInt64(bytes.count)
        // A full chunk that did not reach the known end: fetch the next one now.
        if bytes.count == max && offset < size && prefetch == nil {
            prefetch = (offset, max, handle.startRead(at: offset, count: max))
        }
        return bytes
    }

    /// Up to `count` bytes at `offset`, independent of the sequential position.
    public func read(at offset: UInt64, count: Int) async throws -> [UInt8] {
        try await handle.read(at: offset, count: count)
    }

    /// Closes the file. Closing twice is harmless.
    public func close() async throws {
        guard !isClosed else { return }
        isClosed = true
        if let ahead = prefetch {
            prefetch = nil
            // Its failure does not matter: nobody asked for those bytes. The close is queued after it anyway.
            _ = try? await ahead.result.value
        }
        try await handle.close()
    }
}
