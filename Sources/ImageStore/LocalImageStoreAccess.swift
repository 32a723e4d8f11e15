import Foundation
import ImageTransfer

/// An image store in a directory of the management server (`file:///path`), for a single-machine cloud.
/// File calls block, so they run on NIO's thread pool, never on Swift's cooperative pool.
final class LocalImageStoreAccess: ImageStoreAccess {
    let root: String

    init(root: String) {
        self.root = root.hasSuffix("/") && root.count > 1 ? String(root.dropLast()) : root
    }

    func full(_ path: String) throws -> String {
        let parts = path.split(separator: "/")
        guard !parts.contains(".."), !parts.isEmpty || path.isEmpty else {
            throw ImageStoreError("Path \(path) leaves the image store")
        }
        return root + "/" + parts.joined(separator: "/")
    }

    func checkWritable() async throws {
        let root = self.root
        try await blocking {
            var isDirectory: ObjCBool = false
            if !FileManager.default.fileExists(atPath: root, isDirectory: &isDirectory) {
                try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
            } else if !isDirectory.boolValue {
                throw ImageStoreError("\(root) is not a directory")
            }
            let probe = root + "/.cumulo-probe-\(UUID().uuidString)"
            let content = Data("cumulo write probe\n".utf8)
            guard FileManager.default.createFile(atPath: probe, contents: content) else {
                throw ImageStoreError("Cannot write to \(root)")
            }
            defer { try? FileManager.default.removeItem(atPath: probe) }
            guard FileManager.default.contents(atPath: probe) == content else {
                throw ImageStoreError("A probe file written to \(root) did not read back the same")
            }
        }
    }

    func capacity() async throws -> (total: UInt64, available: UInt64) {
        let root = self.root
        return try await blocking {
            var stats = statvfs()
            guard statvfs(root, &stats) == 0 else { throw ImageStoreError("Cannot read the capacity of \(root): \(String(cString: strerror(errno)))") }
            let unit = UInt64(stats.f_frsize)
            return (UInt64(stats.f_blocks) * unit, UInt64(stats.f_bavail) * unit)
        }
    }

    func openWriter(_ path: String) async throws -> any ImageFileWriter {
        let file = try full(path)
        let fd = try await blocking { () -> Int32 in
            try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent, withIntermediateDirectories: true)
            let fd = open(file, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
            guard fd >= 0 else { throw LocalImageStoreAccess.error("open", file) }
            return fd
        }
        return LocalImageFileWriter(fd: fd, path: file)
    }

    func openReader(_ path: String) async throws -> any ImageReader {
        try await openLocalReader(path)
    }

    func read(_ path: String, offset: UInt64, count: Int) async throws -> [UInt8] {
        let reader = try await openLocalReader(path)
        defer { reader.closeNow() }
        return try await reader.pread(offset: offset, count: count)
    }

    func size(of path: String) async throws -> UInt64? {
        let file = try full(path)
        return try await blocking {
            guard let attributes = try? FileManager.default.attributesOfItem(atPath: file) else { return nil }
            return (attributes[.size] as? NSNumber)?.uint64Value
        }
    }

    func rename(_ source: String, to destination: String) async throws {
        let (from, to) = (try full(source), try full(destination))
        try await blocking {
            guard Glibc.rename(from, to) == 0 else { throw LocalImageStoreAccess.error("rename", from) }
        }
    }

    func remove(_ path: String) async throws {
        let file = try full(path)
        try await blocking {
            guard unlink(file) == 0 || errno == ENOENT else { throw LocalImageStoreAccess.error("remove", file) }
        }
    }

    func removeTree(_ path: String) async throws {
        let file = try full(path)
        guard file != root, file != root + "/" else { throw ImageStoreError("Refusing to delete the whole image store") }
        try await blocking {
            if FileManager.default.fileExists(atPath: file) { try FileManager.default.removeItem(atPath: file) }
        }
    }

    func close() async {}

    private func openLocalReader(_ path: String) async throws -> LocalImageFileReader {
        let file = try full(path)
        let (fd, size) = try await blocking { () -> (Int32, UInt64) in
            let fd = open(file, O_RDONLY | O_CLOEXEC)
            guard fd >= 0 else { throw LocalImageStoreAccess.error("open", file) }
            var info = stat()
            fstat(fd, &info)
            return (fd, UInt64(info.st_size))
        }
        return LocalImageFileReader(fd: fd, size: size)
    }

    /// The store error for the failed call `operation`, read from `errno`; ENOSPC and EDQUOT mean the store is full.
    static func error(_ operation: String, _ path: String) -> ImageStoreError {
        let code = errno
        let full = code == ENOSPC || code == EDQUOT
        return ImageStoreError("\(full ? "The image store is full: " : "")\(operation) \(path): \(String(cString: strerror(code)))", isFull: full)
    }
}
