/// The settings one command runs with: a profile's values merged over `[core]`,
/// the environment and the built-in defaults.
public struct Profile: Equatable, Sendable {
    public var name: String
    public var values: [ProfileKey: String]

    public init(name: String, values: [ProfileKey: String] = [:]) {
        self.name = name
        self.values = values
    }

    public subscript(key: ProfileKey) -> String {
        values[key] ?? key.defaultValue
    }

    public var url: String { self[.url] }
    public var output: OutputFormat { OutputFormat(rawValue: self[.output]) ?? .json }
    public var timeoutSeconds: Int { Int(self[.timeout]) ?? 1800 }
    public var verifiesCertificates: Bool { Bool(self[.verifycert]) ?? true }
    /// Seconds until a signed request expires, or nil for version 2 (legacy) signatures.
    public var expirySeconds: Int? { self[.signatureversion] == "2" ? nil : Int(self[.expires]) ?? 600 }

    /// How requests are authenticated: keys win over a password, as in cmk.
    public var authentication: Authentication {
        if !self[.apikey].isEmpty && !self[.secretkey].isEmpty {
            return .keys(apiKey: self[.apikey], secretKey: self[.secretkey])
        }
        if !self[.username].isEmpty && !self[.password].isEmpty {
            return .password(username: self[.username], password: self[.password], domain: self[.domain])
        }
        return .none
    }

    /// The credentials a profile holds.
    public enum Authentication: Equatable, Sendable {
        case keys(apiKey: String, secretKey: String)
        case password(username: String, password: String, domain: String)
        case none
    }
}
