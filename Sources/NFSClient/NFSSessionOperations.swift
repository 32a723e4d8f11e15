import CNFS

/// Multi-call operations run in one go on the connection's thread.
extension NFSSession {
    /// stat of `path` (following symbolic links), or nil when it does not exist.
    func stat(_ path: String) throws -> NFSFileInfo? {
        var info = nfs_stat_64()
        let status = nfs_stat64(context, path, &info)
        if status == -ENOENT { return nil }
        try check(status, "stat", path: path)
        return NFSFileInfo(info)
    }

    /// lstat of `path` (not following symbolic links), or nil when it does not exist.
    func lstat(_ path: String) throws -> NFSFileInfo? {
        var info = nfs_stat_64()
        let status = nfs_lstat64(context, path, &info)
        if status == -ENOENT { return nil }
        try check(status, "stat", path: path)
        return NFSFileInfo(info)
    }

    /// Creates `path` and its missing parents; existing directories are fine.
    func makeDirectories(_ path: String, permissions: UInt32) throws {
        guard path != "/" else { return }
        var current = ""
        for component in path.split(separator: "/") {
            current += "/" + component
            let status = nfs_mkdir2(context, current, Int32(permissions))
            if status == 0 { continue }
            if status == -EEXIST {
                guard let existing = try stat(current) else { continue }
                if existing.type != .directory {
                    throw error("mkdir", path: current, errno: -ENOTDIR, message: "it exists and is not a directory")
                }
                continue
            }
            throw error("mkdir", path: current, errno: status, message: nil)
        }
    }

    /// The entries of directory `path` without "." and "..", sorted by name.
    func list(_ path: String) throws -> [NFSDirectoryEntry] {
        var directory: OpaquePointer?
        try check(nfs_opendir(context, path, &directory), "opendir", path: path)
        guard let directory else { return [] }
        defer { nfs_closedir(context, directory) }
        var entries: [NFSDirectoryEntry] = []
        while let entry = nfs_readdir(context, directory) {
            guard let rawName = entry.pointee.name else { continue }
            let name = String(cString: rawName)
            if name == "." || name == ".." { continue }
            entries.append(NFSDirectoryEntry(name: name, type: NFSFileType(ftype3: entry.pointee.type),
                                             size: entry.pointee.size))
        }
        return entries.sorted { $0.name < $1.name }
    }

    /// Deletes file `path`; false when it did not exist.
    func unlink(_ path: String) throws -> Bool {
        let status = nfs_unlink(context, path)
        if status == -ENOENT { return false }
        try check(status, "unlink", path: path)
        return true
    }

    /// Deletes `path` and, for a directory, everything below it; false when it did not exist.
    func removeTree(_ path: String) throws -> Bool {
        guard let info = try lstat(path) else { return false }
        if info.type == .directory {
            for entry in try list(path) {
                _ = try removeTree(NFSPath.join(path, entry.name))
            }
            let status = nfs_rmdir(context, path)
            if status == -ENOENT { return true }
            try check(status, "rmdir", path: path)
            return true
        }
        return try unlink(path)
    }

    /// Creates a probe file in `directory`, writes a pattern, reads it back, compares and deletes it.
    func probeWritable(in directory: String) throws {
        var suffix = ""
        for _ in 0..<4 { suffix += String(UInt32.random(in: .min ... .max), radix: 16) }
        let path = NFSPath.join(directory, ".cumulo-probe-\(suffix)")
        var pattern = [UInt8](repeating: 0, count: 64 * 1024)
        for index in pattern.indices { pattern[index] = UInt8(truncatingIfNeeded: index &* 31 &+ index >> 8) }

        var handle: OpaquePointer?
        try check(nfs_open2(context, path, O_RDWR | O_CREAT | O_TRUNC, 0o600, &handle), "create probe file", path: path)
        guard let handle else {
            throw error("create probe file", path: path, errno: -EIO, message: "libnfs returned no file handle")
        }
        var closed = false
        var removed = false
        defer {
            if !closed { _ = nfs_close(context, handle) }
            if !removed { _ = nfs_unlink(context, path) }
        }
        let written = pattern.withUnsafeBytes { nfs_pwrite(context, handle, 0, UInt64($0.count), $0.baseAddress) }
        try check(written, "write probe file", path: path)
        if Int(written) != pattern.count {
            throw error("write probe file", path: path, errno: -EIO,
                        message: "the server accepted \(written) of \(pattern.count) bytes")
        }
        try check(nfs_fsync(context, handle), "commit probe file", path: path)
        var back = [UInt8](repeating: 0, count: pattern.count)
        let read = back.withUnsafeMutableBytes { nfs_pread(context, handle, 0, UInt64($0.count), $0.baseAddress) }
        try check(read, "read probe file", path: path)
        if back != pattern {
            throw error("read probe file", path: path, errno: -EIO,
                        message: "the bytes read back (\(read)) differ from the bytes written")
        }
        closed = true
        try check(nfs_close(context, handle), "close probe file", path: path)
        removed = true
        try check(nfs_unlink(context, path), "delete probe file", path: path)
    }
}

extension NFSFileType {
    /// From `struct nfsdirent.type`, an ftype3 of RFC 1813 (1 regular file, 2 directory, 5 symbolic link).
    init(ftype3: UInt32) {
        switch ftype3 {
        case 1: self = .file
        case 2: self = .directory
        case 5: self = .symbolicLink
        default: self = .other
        }
    }
}
