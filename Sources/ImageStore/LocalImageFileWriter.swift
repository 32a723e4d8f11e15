import Foundation
import ImageTransfer

/// Writes a file of a local image store in large chunks on the thread pool.
actor LocalImageFileWriter: ImageFileWriter {
    let fd: Int32
    let path: String
    private var buffer: [UInt8] = []
    private var closed = false
    static let chunkSize = 4 << 20

    init(fd: Int32, path: String) {
        self.fd = fd
        self.path = path
    }

    func write(_ bytes: [UInt8]) async throws {
        if buffer.isEmpty, bytes.count >= Self.chunkSize {
            try await writeOut(bytes)
            return
        }
        buffer.append(contentsOf: bytes)
        if buffer.count >= Self.chunkSize { try await drain() }
    }

    func close() async throws {
        guard !closed else { return }
        closed = true
        let fd = self.fd
        do {
            try await drain()
            try await blocking {
                guard fsync(fd) == 0 else { throw LocalImageStoreAccess.error("fsync", "") }
            }
        } catch {
            Glibc.close(fd)
            throw error
        }
        Glibc.close(fd)
    }

    private func drain() async throws {
        guard !buffer.isEmpty else { return }
        let chunk = buffer
        buffer = []
        try await writeOut(chunk)
    }

    private func writeOut(_ chunk: [UInt8]) async throws {
        let (fd, path) = (self.fd, self.path)
        try await blocking {
            try chunk.withUnsafeBytes { raw in
                var done = 0
                while done < raw.count {
                    let written = Glibc.write(fd, raw.baseAddress! + done, raw.count - done)
                    if written < 0 {
                        if errno == EINTR { continue }
                        throw LocalImageStoreAccess.error("write", path)
                    }
                    done += written
                }
            }
        }
    }
}
