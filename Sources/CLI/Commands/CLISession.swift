import Foundation

/// What the commands of one `cumulo` run (or one shell session) share: the configuration,
/// the API lists and server connections per profile, and the terminal.
final class CLISession {
    let store: ConfigStore
    let resolver: ProfileResolver
    let terminal: Terminal
    var config: CLIConfiguration
    /// The shell's `-p` and `-o`, used by lines that give none; `set profile` and `set output` clear them.
    var profileOverride: String?
    var outputOverride: OutputFormat?
    private var connections: [String: APIConnection] = [:]
    private var retired: [APIConnection] = []
    private var catalogs: [String: APICatalog] = [:]

    init(store: ConfigStore, environment: [String: String], terminal: Terminal) throws(UsageError) {
        self.store = store
        self.resolver = ProfileResolver(environment: environment)
        self.terminal = terminal
        self.config = try store.load()
    }

    /// The effective settings of the requested (or current) profile.
    func profile(_ requested: String?) throws(UsageError) -> Profile {
        try resolver.resolve(config, requested: requested ?? profileOverride)
    }

    /// The name the next command's profile has, whether or not it exists yet.
    func profileName(_ requested: String?) -> String {
        resolver.profileName(in: config, requested: requested ?? profileOverride)
    }

    /// The profile's synced API list, or the built-in one before its first `sync`.
    func catalog(for profile: String) -> APICatalog {
        if let cached = catalogs[profile] { return cached }
        let catalog = store.cachedAPIs(profile: profile).flatMap { APICatalog(listApisBody: $0) } ?? .builtIn
        catalogs[profile] = catalog
        return catalog
    }

    func forgetCatalog(of profile: String) {
        catalogs[profile] = nil
    }

    /// The connection for these settings, reused while they stay the same.
    func connection(for profile: Profile) -> APIConnection {
        if let existing = connections[profile.name] {
            if existing.profile == profile { return existing }
            retired.append(existing)
        }
        let connection = APIConnection(profile: profile)
        connections[profile.name] = connection
        return connection
    }

    func saveConfig() throws(UsageError) {
        try store.save(config)
    }

    /// Logs out of password sessions and releases HTTP clients.
    func close() async {
        for connection in retired + connections.values { await connection.close() }
        retired = []
        connections = [:]
    }
}
