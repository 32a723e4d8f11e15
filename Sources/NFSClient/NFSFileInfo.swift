/// What kind of object a path names.
public enum NFSFileType: String, Sendable, Equatable {
    case file, directory, symbolicLink, other
}

/// Size, type and modification time of a file or directory on an export.
public struct NFSFileInfo: Sendable, Equatable {
    public var type: NFSFileType
    /// Size in bytes.
    public var size: UInt64
    /// Bytes the server actually stores for it (less than `size` for sparse files).
    public var allocatedBytes: UInt64
    /// Permission bits (e.g. 0o644).
    public var permissions: UInt32
    /// Last modification, in seconds since 1970-01-01 UTC.
    public var modificationTime: Double

    public init(type: NFSFileType, size: UInt64, allocatedBytes: UInt64, permissions: UInt32, modificationTime: Double) {
        self.type = type
        self.size = size
        self.allocatedBytes = allocatedBytes
        self.permissions = permissions
        self.modificationTime = modificationTime
    }
}

/// One entry of a directory listing ("." and ".." are never listed).
public struct NFSDirectoryEntry: Sendable, Equatable {
    public var name: String
    public var type: NFSFileType
    public var size: UInt64

    public init(name: String, type: NFSFileType, size: UInt64) {
        self.name = name
        self.type = type
        self.size = size
    }
}

/// Capacity of the file system behind an export, in bytes.
public struct NFSFilesystemStats: Sendable, Equatable {
    public var totalBytes: UInt64
    /// Free bytes, including those reserved for the server's superuser.
    public var freeBytes: UInt64
    /// Free bytes this client may use.
    public var availableBytes: UInt64

    /// `totalBytes - freeBytes`.
    public var usedBytes: UInt64 { totalBytes >= freeBytes ? totalBytes - freeBytes : 0 }

    public init(totalBytes: UInt64, freeBytes: UInt64, availableBytes: UInt64) {
        self.totalBytes = totalBytes
        self.freeBytes = freeBytes
        self.availableBytes = availableBytes
    }
}
