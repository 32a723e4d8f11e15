import Foundation

/// Creates the directories that hold files qemu opens (config drives, NFS mount points).
///
/// They are 0711: qemu's unprivileged user may pass through to a file whose name it is given, but
/// nobody but root may list them, so other users cannot find the config-drive images by name.
enum VMFileDirectory {
    static let mode: mode_t = 0o711

    /// Creates `path` and any missing parent, each 0711 whatever the umask; existing directories are left as they are.
    static func create(_ path: String) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue { return }
        let parent = (path as NSString).deletingLastPathComponent
        if !parent.isEmpty, parent != path {
            try create(parent)
        }
        if mkdir(path, mode) != 0 && errno != EEXIST {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path,
                                                          NSLocalizedDescriptionKey: "cannot create \(path): \(String(cString: strerror(errno)))"])
        }
        try manager.setAttributes([.posixPermissions: Int(mode)], ofItemAtPath: path)
    }
}
