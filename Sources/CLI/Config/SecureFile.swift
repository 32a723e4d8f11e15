import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes files that only their owner may read: created with mode 0600 under a
/// temporary name and renamed into place, so no other mode is ever visible.
enum SecureFile {
    static func write(_ text: String, to path: String, mode: mode_t = 0o600) throws(UsageError) {
        let temporary = path + ".tmp-\(getpid())"
        let fd = open(temporary, O_WRONLY | O_CREAT | O_TRUNC | O_EXCL, mode)
        guard fd >= 0 else { throw UsageError("cannot write \(path): \(String(cString: strerror(errno)))") }
        let handle = FileHandle(fileDescriptor: fd, closeOnDealloc: false)
        let written = (try? handle.write(contentsOf: Data(text.utf8))) != nil
        let closed = close(fd) == 0
        // chmod after open: the umask may have narrowed the mode `open` used.
        guard written, closed, chmod(temporary, mode) == 0, rename(temporary, path) == 0 else {
            let reason = String(cString: strerror(errno))
            unlink(temporary)
            throw UsageError("cannot write \(path): \(reason)")
        }
    }

    /// Creates a directory (and its parents) that only its owner may enter.
    static func makeDirectory(_ path: String) throws(UsageError) {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        do {
            try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw UsageError("cannot create \(path): \(error.localizedDescription)")
        }
    }
}
