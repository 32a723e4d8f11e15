/// Picks the profile a command runs with and applies `CUMULO_*` environment overrides:
/// `-p/--profile` beats `CUMULO_PROFILE`, which beats `[core] profile`;
/// `CUMULO_URL`, `CUMULO_APIKEY`, … beat the profile's own values.
public struct ProfileResolver: Sendable {
    public var environment: [String: String]

    public init(environment: [String: String]) {
        self.environment = environment
    }

    /// The name of the profile to use, before checking that it exists.
    public func profileName(in config: CLIConfiguration, requested: String?) -> String {
        requested ?? environment["CUMULO_PROFILE"].flatMap { $0.isEmpty ? nil : $0 } ?? config.currentProfile
    }

    /// The effective settings; a missing profile is an error unless the environment supplies a URL.
    public func resolve(_ config: CLIConfiguration, requested: String? = nil) throws(UsageError) -> Profile {
        let name = profileName(in: config, requested: requested)
        var profile: Profile
        if let stored = config.profile(name) {
            profile = stored
        } else if environment[ProfileKey.url.environmentVariable] != nil {
            profile = Profile(name: name)
        } else {
            let known = config.profileNames.joined(separator: ", ")
            throw UsageError("no profile named \(name) in the configuration (profiles: \(known.isEmpty ? "none" : known)); create it with: cumulo set profile \(name)")
        }
        for key in ProfileKey.allCases {
            if let value = environment[key.environmentVariable] {
                do {
                    profile.values[key] = try key.validated(value)
                } catch {
                    throw UsageError("\(key.environmentVariable): \(error.message)")
                }
            }
        }
        return profile
    }
}
