import Foundation
import ImageTransfer
import Synchronization

/// Reads a file of a local image store on the thread pool.
final class LocalImageFileReader: ImageReader {
    let fd: Int32
    let size: UInt64
    private let position = Mutex<UInt64>(0)

    init(fd: Int32, size: UInt64) {
        self.fd = fd
        self.size = size
    }

    var expectedSize: UInt64? { size }

    func read(max: Int) async throws -> [UInt8] {
        let offset = position.withLock { $0 }
        let bytes = try await pread(offset: offset, count: max)
        position.withLock { $0 += UInt64(bytes.count) }
        return bytes
    }

    /// Up to `count` bytes from `offset`; fewer only at the end of the file.
    func pread(offset: UInt64, count: Int) async throws -> [UInt8] {
        let fd = self.fd
        return try await blocking {
            var bytes = [UInt8](repeating: 0, count: count)
            var done = 0
            try bytes.withUnsafeMutableBytes { raw in
                while done < count {
                    let n = Glibc.pread(fd, raw.baseAddress! + done, count - done, off_t(offset) + off_t(done))
                    if n < 0 {
                        if errno == EINTR { continue }
                        throw LocalImageStoreAccess.error("read", "")
                    }
                    if n == 0 { break }
                    done += n
                }
            }
            bytes.removeLast(count - done)
            return bytes
        }
    }

    func close() async {
        closeNow()
    }

    func closeNow() {
        Glibc.close(fd)
    }
}
