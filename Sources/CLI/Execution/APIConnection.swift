import APIClient
import AsyncHTTPClient
import NIOCore

/// The server connection of one profile: signs with the profile's keys, or logs in with its
/// username and password on first use (and once more when the session is refused with 401).
public actor APIConnection {
    public nonisolated let profile: Profile
    private let http: HTTPClient
    private var client: CloudStackClient?

    public init(profile: Profile) {
        self.profile = profile
        http = CloudStackClient.makeHTTPClient(verifyingCertificates: profile.verifiesCertificates)
    }

    public nonisolated var requestTimeout: TimeAmount { .seconds(Int64(profile.timeoutSeconds)) }

    /// Runs `body` with a ready client; a password session refused with 401 is renewed and `body` retried once.
    public func perform<T: Sendable>(_ body: @Sendable (CloudStackClient) async throws -> T) async throws -> T {
        let ready = try await connected()
        do {
            return try await body(ready)
        } catch let failure as CloudStackClient.Failure where failure.httpStatus == 401 {
            guard case .password = profile.authentication else { throw failure }
            client = nil
            return try await body(try await connected())
        }
    }

    /// Ends a password session and shuts the HTTP client down.
    public func close() async {
        if case .session? = client?.credentials {
            _ = try? await client?.call("logout", timeout: .seconds(5))
        }
        client = nil
        try? await http.shutdown()
    }

    private func connected() async throws -> CloudStackClient {
        if let client { return client }
        var fresh = CloudStackClient(endpoint: profile.url, credentials: .none, http: http)
        fresh.expiry = profile.expirySeconds.map(Double.init)
        switch profile.authentication {
        case .keys(let apiKey, let secretKey):
            fresh.credentials = .keys(apiKey: apiKey, secretKey: secretKey)
        case .password(let username, let password, let domain):
            fresh = try await fresh.login(username: username, password: password, domain: domain, timeout: requestTimeout)
        case .none:
            throw UsageError("profile \(profile.name) has no credentials: set apikey and secretkey, or username and password (cumulo set apikey …)")
        }
        client = fresh
        return fresh
    }
}
