/// A setting a profile holds, with its default and the values it accepts.
public enum ProfileKey: String, CaseIterable, Sendable {
    case url, apikey, secretkey, username, password, domain, output, timeout, verifycert, signatureversion, expires

    /// Never printed: shown as `********` when set.
    public var isSecret: Bool { self == .secretkey || self == .password }

    /// The value used when neither the profile, `[core]` nor the environment sets one.
    public var defaultValue: String {
        switch self {
        case .url: "http://localhost:8080/client/api"
        case .domain: "/"
        case .output: OutputFormat.json.rawValue
        case .timeout: "1800"
        case .verifycert: "true"
        case .signatureversion: "3"
        case .expires: "600"
        case .apikey, .secretkey, .username, .password: ""
        }
    }

    /// The environment variable that overrides this key, e.g. `CUMULO_URL`.
    public var environmentVariable: String { "CUMULO_" + rawValue.uppercased() }

    /// Checks a value for this key; returns it normalised, or throws a message naming what is allowed.
    public func validated(_ value: String) throws(UsageError) -> String {
        switch self {
        case .url:
            guard value.hasPrefix("http://") || value.hasPrefix("https://") else {
                throw UsageError("url must start with http:// or https://, e.g. http://localhost:8080/client/api")
            }
            return value
        case .output:
            guard let format = OutputFormat(rawValue: value.lowercased()) else {
                throw UsageError("output must be one of \(OutputFormat.allNames)")
            }
            return format.rawValue
        case .timeout, .expires:
            guard let seconds = Int(value), seconds > 0 else { throw UsageError("\(rawValue) must be a whole number of seconds above 0") }
            return String(seconds)
        case .verifycert:
            guard let flag = Bool(value.lowercased()) else { throw UsageError("verifycert must be true or false") }
            return String(flag)
        case .signatureversion:
            guard value == "2" || value == "3" else {
                throw UsageError("signatureversion must be 3 (signed with an expiry) or 2 (legacy, no expiry)")
            }
            return value
        case .apikey, .secretkey, .username, .password, .domain:
            return value
        }
    }

    /// How the value is shown: secrets masked, empty values as `(not set)`.
    public func display(_ value: String) -> String {
        if value.isEmpty { return "(not set)" }
        return isSecret ? "********" : value
    }
}
