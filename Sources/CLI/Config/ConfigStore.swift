import Foundation

/// Where the CLI keeps its files — `~/.cumulo/config`, `~/.cumulo/history` and
/// `~/.cumulo/profiles/<profile>.cache` — and how the configuration is read and written.
public struct ConfigStore: Sendable {
    public let directory: String

    public init(directory: String) {
        self.directory = directory
    }

    /// `$HOME/.cumulo`.
    public init(home: String) {
        self.init(directory: (home as NSString).appendingPathComponent(".cumulo"))
    }

    public var configPath: String { directory + "/config" }
    public var historyPath: String { directory + "/history" }

    public func cachePath(profile: String) -> String {
        directory + "/profiles/" + profile + ".cache"
    }

    /// Reads the configuration; on first use writes and returns the initial one.
    public func load() throws(UsageError) -> CLIConfiguration {
        guard let data = FileManager.default.contents(atPath: configPath) else {
            let initial = CLIConfiguration.initial
            try save(initial)
            return initial
        }
        return CLIConfiguration(document: INIDocument(parsing: String(decoding: data, as: UTF8.self)))
    }

    /// Writes the configuration with mode 0600 in a 0700 directory: it holds secret keys and passwords.
    public func save(_ config: CLIConfiguration) throws(UsageError) {
        try SecureFile.makeDirectory(directory)
        try SecureFile.write(config.document.rendered(), to: configPath)
    }

    /// The `listApis` answer `sync` saved for a profile, if any.
    public func cachedAPIs(profile: String) -> Data? {
        FileManager.default.contents(atPath: cachePath(profile: profile))
    }

    public func saveAPIs(_ body: Data, profile: String) throws(UsageError) {
        try SecureFile.makeDirectory(directory + "/profiles")
        try SecureFile.write(String(decoding: body, as: UTF8.self), to: cachePath(profile: profile), mode: 0o644)
    }
}
