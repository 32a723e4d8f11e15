import Foundation
import ImageTransfer
import NFSClient

/// An image store on an NFS export, reached from user space through libnfs (no kernel NFS client needed).
final class NFSImageStoreAccess: ImageStoreAccess {
    let export: NFSExport

    init(url: String) throws {
        do {
            // Two connections let a download and an extract (or a second download) run side by side.
            export = try NFSExport(url: url, configuration: .init(connections: 2, timeoutSeconds: 60, reconnectAttempts: 3))
        } catch {
            throw ImageStoreError("\(url) is not a usable NFS export: \(error)")
        }
    }

    func checkWritable() async throws {
        try await nfsCall { try await self.export.mount() }
        try await nfsCall { try await self.export.checkWritable(directory: "/") }
    }

    func capacity() async throws -> (total: UInt64, available: UInt64) {
        let stats = try await nfsCall { try await self.export.statvfs() }
        return (stats.totalBytes, stats.availableBytes)
    }

    func openWriter(_ path: String) async throws -> any ImageFileWriter {
        NFSImageFileWriter(writer: try await nfsCall { try await self.export.openForWriting(path, mode: .replace, createParents: true) })
    }

    func openReader(_ path: String) async throws -> any ImageReader {
        NFSImageFileReader(reader: try await nfsCall { try await self.export.openForReading(path) })
    }

    func read(_ path: String, offset: UInt64, count: Int) async throws -> [UInt8] {
        try await nfsCall { try await self.export.read(path, offset: offset, count: count) }
    }

    func size(of path: String) async throws -> UInt64? {
        try await nfsCall { try await self.export.stat(path)?.size }
    }

    func rename(_ source: String, to destination: String) async throws {
        try await nfsCall { try await self.export.rename(source, to: destination) }
    }

    func remove(_ path: String) async throws {
        _ = try await nfsCall { try await self.export.remove(path) }
    }

    func removeTree(_ path: String) async throws {
        _ = try await nfsCall { try await self.export.removeTree(path) }
    }

    func close() async {
        await export.close()
    }
}

/// Turns libnfs errors into store errors, marking a full store.
func nfsCall<T: Sendable>(_ body: () async throws -> T) async throws -> T {
    do {
        return try await body()
    } catch let error as NFSError {
        let full = error.errno == -ENOSPC || error.errno == -EDQUOT
        throw ImageStoreError(full ? "The image store \(error.server):\(error.exportPath) is full: \(error)" : "NFS error: \(error)", isFull: full)
    }
}
