import Foundation
import Logging

/// Removing files the agent made, where a failure must not stop the caller but must not pass unseen.
enum FileRemoval {
    /// Removes `path` when it exists; a failure is logged, naming the file left behind.
    static func removeIfPresent(_ path: String, logger: Logger) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        do {
            try FileManager.default.removeItem(atPath: path)
        } catch {
            logger.warning("could not remove a file the agent made; it stays behind", metadata: ["path": "\(path)", "error": "\(error)"])
        }
    }
}
