import AgentProtocol
import Foundation

/// Keeps the agent's per-host credential in its state directory, readable by root only.
public struct CredentialStore: Sendable {
    public let path: String

    public init(stateDirectory: String) {
        path = stateDirectory + "/credential.json"
    }

    public func load() -> HostCredential? {
        guard let data = FileManager.default.contents(atPath: path) else { return nil }
        return try? JSONDecoder().decode(HostCredential.self, from: data)
    }

    public func save(_ credential: HostCredential) throws {
        let directory = (path as NSString).deletingLastPathComponent
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        let data = try JSONEncoder().encode(credential)
        let temporary = path + ".new"
        guard FileManager.default.createFile(atPath: temporary, contents: data, attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: temporary])
        }
        // rename(2) replaces the old file atomically, so a crash never leaves half a credential.
        guard rename(temporary, path) == 0 else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path, NSUnderlyingErrorKey: POSIXError(POSIXErrorCode(rawValue: errno) ?? .EIO)])
        }
    }

    public func forget() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
