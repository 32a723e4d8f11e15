import ArgumentParser
import Foundation

/// `cumulo import-cmk`: copies cloudmonkey's profiles from `~/.cmk/config`.
struct ImportCmkCommand: BuiltinCommand {
    static let configuration = CommandConfiguration(
        commandName: "import-cmk",
        abstract: "Import the profiles of cloudmonkey (cmk) from ~/.cmk/config.",
        discussion: """
            Copies url, apikey, secretkey, username, password and domain of every cmk profile, and cmk's \
            output, timeout and verifycert, into ~/.cumulo/config; profiles of the same name are updated. \
            cmk's current profile becomes current.
            """)

    @Option(help: ArgumentHelp("cmk's configuration file (default ~/.cmk/config).", valueName: "path"))
    var from: String?

    func execute(in session: CLISession, options: GlobalOptions) async throws {
        let path = from ?? (session.store.directory as NSString).deletingLastPathComponent + "/.cmk/config"
        guard let data = FileManager.default.contents(atPath: path) else {
            throw UsageError("cannot read \(path); give cmk's configuration file with --from")
        }
        let summary = CmkImport.merge(cmkConfig: String(decoding: data, as: UTF8.self), into: &session.config)
        guard !summary.profiles.isEmpty else { throw UsageError("\(path) holds no profiles") }
        try session.saveConfig()
        if summary.currentProfile != nil { session.profileOverride = nil }
        var message = "Imported \(summary.profiles.count) profile\(summary.profiles.count == 1 ? "" : "s") from \(path): \(summary.profiles.joined(separator: ", "))"
        if let current = summary.currentProfile { message += "; current profile: \(current)" }
        session.terminal.out(message + "\n")
    }
}
