/// The contents of `~/.cumulo/config`: `[core]` (the current profile and defaults for
/// every profile) and one section per profile.
public struct CLIConfiguration: Equatable, Sendable {
    public static let coreSection = "core"
    public static let defaultProfileName = "localcloud"

    public var document: INIDocument

    public init(document: INIDocument) {
        self.document = document
    }

    /// A new configuration with one empty profile, like cmk's first run.
    public static var initial: CLIConfiguration {
        var document = INIDocument()
        document.set("profile", defaultProfileName, in: coreSection)
        document.set(ProfileKey.output.rawValue, ProfileKey.output.defaultValue, in: coreSection)
        document.set(ProfileKey.timeout.rawValue, ProfileKey.timeout.defaultValue, in: coreSection)
        for key in [ProfileKey.url, .apikey, .secretkey, .username, .password, .domain] {
            document.set(key.rawValue, key.defaultValue, in: defaultProfileName)
        }
        return CLIConfiguration(document: document)
    }

    /// The profile `[core]` names, or the first profile section.
    public var currentProfile: String {
        get { document.value("profile", in: Self.coreSection) ?? profileNames.first ?? Self.defaultProfileName }
        set { document.set("profile", newValue, in: Self.coreSection) }
    }

    public var profileNames: [String] {
        document.sections.map(\.name).filter { $0 != Self.coreSection && !$0.isEmpty }
    }

    /// The profile's own values over `[core]`'s, without the environment.
    public func profile(_ name: String) -> Profile? {
        guard let section = document.section(name) else { return nil }
        var values: [ProfileKey: String] = [:]
        for scope in [document.section(Self.coreSection), section].compactMap({ $0 }) {
            for entry in scope.entries {
                if let key = ProfileKey(rawValue: entry.key.lowercased()), !(entry.value.isEmpty && values[key] != nil) {
                    values[key] = entry.value
                }
            }
        }
        return Profile(name: name, values: values)
    }

    /// Stores a value in a profile's section (created when new), after checking it.
    public mutating func set(_ key: ProfileKey, _ value: String, in profile: String) throws(UsageError) {
        document.set(key.rawValue, try key.validated(value), in: profile)
    }

    /// Makes `name` current, creating an empty profile with that name when it does not exist.
    /// Returns true when the profile is new.
    @discardableResult
    public mutating func switchProfile(to name: String) throws(UsageError) -> Bool {
        guard !name.isEmpty, name != Self.coreSection, !name.contains(where: { "[]/ ".contains($0) }) else {
            throw UsageError("\(name.isEmpty ? "an empty name" : name) cannot name a profile")
        }
        let created = document.section(name) == nil
        if created { document.set(ProfileKey.url.rawValue, ProfileKey.url.defaultValue, in: name) }
        currentProfile = name
        return created
    }
}
