import Foundation

/// The shared secret agents present once, to register; kept in the data directory, readable by root only.
public enum RegistrationSecret {
    public static func path(in dataDirectory: String) -> String { dataDirectory + "/agent-secret" }

    /// The secret stored in `dataDirectory`, created on first use.
    public static func loadOrCreate(in dataDirectory: String) throws -> String {
        let path = path(in: dataDirectory)
        if let data = FileManager.default.contents(atPath: path) {
            let secret = String(decoding: data, as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines)
            if !secret.isEmpty { return secret }
        }
        try FileManager.default.createDirectory(atPath: dataDirectory, withIntermediateDirectories: true)
        let secret = TokenGenerator.token(bytes: 32)
        guard FileManager.default.createFile(atPath: path, contents: Data((secret + "\n").utf8), attributes: [.posixPermissions: 0o600]) else {
            throw CocoaError(.fileWriteUnknown, userInfo: [NSFilePathErrorKey: path])
        }
        return secret
    }
}
