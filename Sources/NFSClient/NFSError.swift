import CNFS

/// A failed NFS operation: what was attempted, on which export and path, the negative errno libnfs
/// returned (0 when the failure did not come from libnfs) and libnfs's own explanation.
public struct NFSError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The operation that failed, e.g. "mount", "open", "pwrite", "parse URL".
    public var operation: String
    /// The server as given, e.g. "127.0.0.1".
    public var server: String
    /// The export path on the server, e.g. "/srv/nfs/primary".
    public var exportPath: String
    /// The path inside the export the operation was about; empty for export-wide operations.
    public var path: String
    /// The negative errno libnfs returned (e.g. -2 for ENOENT); 0 when not from libnfs.
    public var errno: Int32
    /// What went wrong, in words (libnfs's error text when there is one).
    public var message: String

    public init(operation: String, server: String, exportPath: String, path: String = "", errno: Int32 = 0, message: String) {
        self.operation = operation
        self.server = server
        self.exportPath = exportPath
        self.path = path
        self.errno = errno
        self.message = message
    }

    /// `nfs://server/export/path` of what the operation was about.
    public var location: String {
        NFSPath.url(server: server, exportPath: exportPath, path: path.isEmpty ? "/" : path)
    }

    public var description: String {
        var text = "NFS \(operation) failed for \(location): \(message)"
        if errno != 0 {
            text += " (\(NFSError.errnoName(errno)))"
        }
        return text
    }

    /// The file or directory does not exist (ENOENT).
    public var isNotFound: Bool { errno == -ENOENT }
    /// The file or directory exists already (EEXIST).
    public var isAlreadyExisting: Bool { errno == -EEXIST }
    /// The server refused the operation (EACCES or EPERM).
    public var isPermissionDenied: Bool { errno == -EACCES || errno == -EPERM }

    /// "errno -2 ENOENT: No such file or directory" for a negative errno.
    static func errnoName(_ negativeErrno: Int32) -> String {
        let code = negativeErrno < 0 ? -negativeErrno : negativeErrno
        let symbol = symbolicNames[code].map { " \($0)" } ?? ""
        let text = strerror(code).map { String(cString: $0) } ?? "unknown error"
        return "errno \(negativeErrno)\(symbol): \(text)"
    }

    private static let symbolicNames: [Int32: String] = [
        EPERM: "EPERM", ENOENT: "ENOENT", EINTR: "EINTR", EIO: "EIO", ENXIO: "ENXIO", EBADF: "EBADF", EAGAIN: "EAGAIN",
        ENOMEM: "ENOMEM", EACCES: "EACCES", EFAULT: "EFAULT", EBUSY: "EBUSY", EEXIST: "EEXIST",
        EXDEV: "EXDEV", ENODEV: "ENODEV", ENOTDIR: "ENOTDIR", EISDIR: "EISDIR", EINVAL: "EINVAL",
        EFBIG: "EFBIG", ENOSPC: "ENOSPC", EROFS: "EROFS", EMLINK: "EMLINK", EPIPE: "EPIPE",
        ENAMETOOLONG: "ENAMETOOLONG", ENOTEMPTY: "ENOTEMPTY", EDQUOT: "EDQUOT", ESTALE: "ESTALE",
        ENOTCONN: "ENOTCONN", ECONNREFUSED: "ECONNREFUSED", ECONNRESET: "ECONNRESET",
        ETIMEDOUT: "ETIMEDOUT", EHOSTUNREACH: "EHOSTUNREACH", ENETUNREACH: "ENETUNREACH",
        ENOTSUP: "ENOTSUP", ENOSYS: "ENOSYS",
    ]
}
