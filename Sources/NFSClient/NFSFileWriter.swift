import CNFS

/// Streams bytes into a file on an export: writes are gathered into chunks of
/// `NFSExport.Configuration.writeChunkSize` bytes, and one chunk is sent to the server while the next is
/// being filled. Call `close()` at the end; it sends what is left, commits it and closes the file.
public actor NFSFileWriter {
    /// Normalised path of the file inside the export.
    public nonisolated let path: String
    private let handle: NFSFileHandle
    private let chunkSize: Int
    private let commitOnClose: Bool
    private var buffer: [UInt8] = []
    /// File offset of `buffer`'s first byte.
    private var bufferOffset: UInt64
    /// The last chunk sent, queued on the connection's thread; the one before it has finished.
    private var inFlight: NFSPendingResult<Void>?
    private var failure: (any Error)?
    private var isClosed = false

    init(handle: NFSFileHandle, chunkSize: Int, commitOnClose: Bool, startOffset: UInt64 = 0) {
        self.path = handle.path
        self.handle = handle
        self.chunkSize = max(chunkSize, 4096)
        self.commitOnClose = commitOnClose
        self.bufferOffset = startOffset
    }

    /// Bytes accepted so far (sent or waiting in the buffer), counted from the start of the file.
    public var bytesWritten: UInt64 { bufferOffset + UInt64(buffer.count) }

    /// Appends `bytes` to the file. Returns once they are buffered or on their way; a failure of an earlier
    /// chunk is thrown by the next `write` or by `close`.
    public func write(_ bytes: some Collection<UInt8> & Sendable) async throws {
        try checkUsable()
        var rest = bytes[...]
        while !rest.isEmpty {
            if buffer.capacity < chunkSize { buffer.reserveCapacity(chunkSize) }
            let room = chunkSize - buffer.count
            let piece = rest.prefix(room)
            buffer.append(contentsOf: piece)
            rest = rest[piece.endIndex...]
            if buffer.count >= chunkSize {
                try await sendBuffer()
            }
        }
    }

    /// Appends `bytes` like the generic `write`; a whole chunk or more that arrives while nothing is buffered is
    /// sent as it is, without being copied into the buffer first.
    public func write(_ bytes: [UInt8]) async throws {
        guard buffer.isEmpty, bytes.count >= chunkSize else { return try await write(bytes[...]) }
        try checkUsable()
        try await send(bytes)
    }

    /// Sends what is buffered and waits until the server has all of it.
    public func flush() async throws {
        try checkUsable()
        try await sendBuffer()
        try await waitForChunks()
    }

    /// Sends what is left, asks the server to commit it to stable storage (unless the export's
    /// configuration says otherwise) and closes the file. The file is closed even when this throws.
    /// Closing twice is harmless.
    public func close() async throws {
        guard !isClosed else { return }
        var firstError = failure
        if firstError == nil {
            do {
                try await sendBuffer()
                try await waitForChunks()
                if commitOnClose { try await handle.sync() }
            } catch {
                firstError = error
            }
        }
        isClosed = true
        do {
            try await handle.close()
        } catch {
            if firstError == nil { firstError = error }
        }
        if let firstError { throw firstError }
    }

    /// Sends what is buffered.
    private func sendBuffer() async throws {
        guard !buffer.isEmpty else { return }
        let chunk = buffer
        buffer = []
        try await send(chunk)
    }

    /// Waits for the chunk in flight, then hands `chunk`, the bytes at `bufferOffset`, to the connection's
    /// thread and returns: the server works on one chunk while the caller fills the next. A chunk is never
    /// sent after one that failed.
    private func send(_ chunk: [UInt8]) async throws {
        try await waitForChunks()
        let offset = bufferOffset
        bufferOffset += UInt64(chunk.count)
        inFlight = handle.startWrite(chunk, at: offset)
    }

    /// Waits for the chunk in flight; its failure fails the writer.
    private func waitForChunks() async throws {
        guard let last = inFlight else { return }
        inFlight = nil
        do {
            try await last.value
        } catch {
            failure = failure ?? error
            throw error
        }
    }

    private func checkUsable() throws {
        if let failure { throw failure }
        if isClosed {
            throw NFSError(operation: "write", server: handle.connection.address.server,
                           exportPath: handle.connection.address.exportPath, path: path,
                           errno: -EBADF, message: "the writer is closed")
        }
    }
}
