import Foundation

/// The database file and SQLite's companions of it (`-wal`, `-shm`, `-journal`), kept owner-only (0600).
/// SQLite gives a companion the permissions of the database file, so creating that file privately is
/// most of the work; `restrict` also mends files an older version left open to others.
enum DatabaseFiles {
    static let mode = 0o600

    static func companions(of path: String) -> [String] {
        [path, path + "-wal", path + "-shm", path + "-journal"]
    }

    /// Creates an empty database file, owner-only, unless one is there (SQLite treats an empty file as new).
    static func createPrivately(_ path: String) throws {
        guard !FileManager.default.fileExists(atPath: path) else { return }
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: mode]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
    }

    /// Makes the file and each companion that exists owner-only.
    static func restrict(_ path: String) throws {
        for file in companions(of: path) where FileManager.default.fileExists(atPath: file) {
            try FileManager.default.setAttributes([.posixPermissions: mode], ofItemAtPath: file)
        }
    }
}
