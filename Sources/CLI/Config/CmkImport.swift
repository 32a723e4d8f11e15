/// Reads cloudmonkey's `~/.cmk/config` (core keys before the first section or in `[core]`,
/// one section per profile) into Cumulo profiles.
public enum CmkImport {
    /// What an import changed, for the message `import-cmk` prints (never the secrets).
    public struct Summary: Equatable, Sendable {
        public var profiles: [String]
        public var currentProfile: String?
    }

    /// Keys cmk keeps in each profile section.
    static let profileKeys: [ProfileKey] = [.url, .apikey, .secretkey, .username, .password, .domain]
    /// Keys cmk keeps in its core section and Cumulo keeps per profile.
    static let coreKeys: [ProfileKey] = [.output, .timeout, .verifycert]

    /// Copies every cmk profile into `config` (updating profiles of the same name) and makes
    /// cmk's current profile current. Values Cumulo would reject are left out.
    public static func merge(cmkConfig text: String, into config: inout CLIConfiguration) -> Summary {
        let cmk = INIDocument(parsing: text)
        let core = cmk.section("core") ?? cmk.section("") ?? INIDocument.Section(name: "", entries: [])
        var imported: [String] = []
        for section in cmk.sections where !["", "core", "DEFAULT"].contains(section.name) {
            for key in profileKeys + coreKeys {
                guard let value = section.value(key.rawValue) ?? (coreKeys.contains(key) ? core.value(key.rawValue) : nil) else { continue }
                try? config.set(key, value, in: section.name)
            }
            if config.profile(section.name) == nil { try? config.set(.url, ProfileKey.url.defaultValue, in: section.name) }
            imported.append(section.name)
        }
        var current: String?
        if let profile = core.value("profile"), imported.contains(profile) {
            config.currentProfile = profile
            current = profile
        }
        return Summary(profiles: imported, currentProfile: current)
    }
}
