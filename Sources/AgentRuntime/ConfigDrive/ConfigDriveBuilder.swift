import Foundation
import Logging

/// Builds a VM's config drive: an ISO 9660 image labelled `config-2` holding the files the server sent,
/// kept at `<directory>/<vm name>.iso`.
struct ConfigDriveBuilder: Sendable {
    static let volumeLabel = "config-2"
    static let imageMode = 0o644

    let directory: String
    let genisoimage: String
    let logger: Logger

    struct InvalidName: Error, CustomStringConvertible {
        var description: String
    }

    func imagePath(for vmName: String) throws -> String {
        guard !vmName.isEmpty, vmName != ".", vmName != "..", !vmName.contains("/") else {
            throw InvalidName(description: "'\(vmName)' cannot name a config-drive image")
        }
        return directory + "/" + vmName + ".iso"
    }

    /// Writes the files into a staging directory, builds the image next to its final place and moves it there.
    func build(vmName: String, files: [String: String]) async throws -> String {
        let target = try imagePath(for: vmName)
        let entries = try files.map { (try Self.relativePath($0.key), $0.value) }
        let manager = FileManager.default
        try VMFileDirectory.create(directory)
        let unique = UUID().uuidString
        let staging = directory + "/.staging-" + vmName + "-" + unique
        let partial = directory + "/.partial-" + vmName + "-" + unique + ".iso"
        defer {
            FileRemoval.removeIfPresent(staging, logger: logger)
            FileRemoval.removeIfPresent(partial, logger: logger)
        }
        try manager.createDirectory(atPath: staging, withIntermediateDirectories: true)
        for (path, contents) in entries {
            let url = URL(fileURLWithPath: staging + "/" + path)
            try manager.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(contents.utf8).write(to: url)
        }
        try await ProcessRunner.run(genisoimage, [
            "-quiet", "-output", partial, "-volid", Self.volumeLabel,
            "-joliet", "-rational-rock", "-input-charset", "utf-8", staging,
        ])
        // qemu opens the image as its own unprivileged user. The image holds the VM's metadata and user
        // data (which may hold its owner's secrets): world-readable is acceptable only because the
        // directory is 0711, so nobody but root can list it to learn the names.
        try manager.setAttributes([.posixPermissions: Self.imageMode], ofItemAtPath: partial)
        if manager.fileExists(atPath: target) {
            try manager.removeItem(atPath: target)
        }
        try manager.moveItem(atPath: partial, toPath: target)
        return target
    }

    /// Removes the VM's image; nothing to do when there is none.
    func remove(vmName: String) {
        do {
            FileRemoval.removeIfPresent(try imagePath(for: vmName), logger: logger)
        } catch {
            logger.warning("no config drive removed", metadata: ["error": "\(error)"])
        }
    }

    /// A path inside the drive: relative, no empty, `.` or `..` parts.
    static func relativePath(_ path: String) throws -> String {
        let parts = path.split(separator: "/", omittingEmptySubsequences: false).drop { $0.isEmpty }
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty && $0 != "." && $0 != ".." }) else {
            throw InvalidName(description: "'\(path)' is not a valid config-drive file path")
        }
        return parts.joined(separator: "/")
    }
}
