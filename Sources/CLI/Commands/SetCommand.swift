import ArgumentParser

/// `cumulo set <key> <value>`, `cumulo set profile <name>`, and `cumulo set` to show the settings.
struct SetCommand: BuiltinCommand {
    static let configuration = CommandConfiguration(
        commandName: "set",
        abstract: "Change a setting of the current profile, switch profiles, or show the settings.",
        discussion: """
            Keys: \(ProfileKey.allCases.map(\.rawValue).joined(separator: ", ")). \
            `set profile <name>` makes <name> current (creating it when new). Use -p <name> to change \
            another profile. Without arguments, prints the effective settings; secretkey and password \
            are never printed. A value starting with - goes after --, e.g. set password -- -secret.
            """)

    @Argument(help: "profile, or the setting to change.")
    var key: String?

    @Argument(help: "The new value.")
    var value: String?

    func execute(in session: CLISession, options: GlobalOptions) async throws {
        guard let key else {
            session.terminal.out(try settings(session.profile(options.profile)))
            return
        }
        guard let value else { throw UsageError("set \(key) needs a value; see cumulo set --help") }
        if key.lowercased() == "profile" {
            let created = try session.config.switchProfile(to: value)
            session.profileOverride = nil
            try session.saveConfig()
            if created { session.terminal.err("created profile \(value); set its url and credentials with cumulo set\n") }
            return
        }
        guard let setting = ProfileKey(rawValue: key.lowercased()) else {
            throw UsageError("unknown setting \(key); settings: profile, \(ProfileKey.allCases.map(\.rawValue).joined(separator: ", "))")
        }
        let profile = session.profileName(options.profile)
        guard session.config.profile(profile) != nil else {
            throw UsageError("no profile named \(profile); create it with cumulo set profile \(profile)")
        }
        try session.config.set(setting, value, in: profile)
        if setting == .output { session.outputOverride = nil }
        try session.saveConfig()
    }

    func settings(_ profile: Profile) -> String {
        (["profile = \(profile.name)"] + ProfileKey.allCases.map { "\($0.rawValue) = \($0.display(profile[$0]))" })
            .joined(separator: "\n") + "\n"
    }
}
