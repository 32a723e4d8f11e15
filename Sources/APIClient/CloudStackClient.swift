import APIModel
import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1

/// How a client proves who it is: API key and secret (signed requests) or a login session.
public enum ClientCredentials: Sendable {
    case keys(apiKey: String, secretKey: String)
    case session(sessionKey: String, cookies: String)
    case none
}

/// A CloudStack API client: signs requests, decodes the `<command>response`
/// envelope and waits for asynchronous jobs.
public struct CloudStackClient: Sendable {
    public let endpoint: String
    public var credentials: ClientCredentials
    /// Sign with `signatureVersion=3` and an `expires` this far in the future; nil for legacy signatures.
    public var expiry: TimeInterval? = 600
    let http: HTTPClient

    public init(endpoint: String, credentials: ClientCredentials, http: HTTPClient = .shared) {
        self.endpoint = endpoint
        self.credentials = credentials
        self.http = http
    }

    /// A failed call: the CloudStack error code and text (or an HTTP problem).
    public struct Failure: Error, Sendable, CustomStringConvertible {
        public let httpStatus: Int
        public let errorCode: Int?
        public let errorText: String
        public var description: String { "\(errorCode ?? httpStatus): \(errorText)" }

        public init(httpStatus: Int, errorCode: Int?, errorText: String) {
            self.httpStatus = httpStatus
            self.errorCode = errorCode
            self.errorText = errorText
        }
    }

    /// Parameters whose values are secrets or large: requests carrying one are POSTed as a form,
    /// so the value stays out of URLs and access logs (cmk does this in session mode only).
    public static let formOnlyParameters: Set<String> = ["password", "userdata"]

    /// The query string for a command with its parameters, signed when keys are set.
    public func query(_ command: String, _ params: [(String, String)]) -> String {
        var pairs: [(String, String)] = [("command", command)] + params + [("response", "json")]
        switch credentials {
        case .keys(let apiKey, let secretKey):
            pairs.append(("apiKey", apiKey))
            if let expiry {
                pairs.append(("signatureVersion", "3"))
                pairs.append(("expires", Self.expiresString(Date().addingTimeInterval(expiry))))
            }
            pairs.append(("signature", RequestSigner.signature(for: pairs, secret: secretKey)))
        case .session(let key, _):
            pairs.append(("sessionkey", key))
        case .none:
            break
        }
        return Self.formEncode(pairs)
    }

    /// Sends one command and returns the fields of the object under its response key.
    public func call(_ command: String, _ params: [(String, String)] = [], timeout: TimeAmount = .seconds(60)) async throws -> [String: JSONValue] {
        let (status, body) = try await raw(command, params, timeout: timeout)
        return try Self.unwrap(status: status, body: Data(body.readableBytesView))
    }

    /// Sends one command and returns the HTTP status and the undecoded body.
    public func raw(_ command: String, _ params: [(String, String)] = [], timeout: TimeAmount = .seconds(60)) async throws -> (status: Int, body: ByteBuffer) {
        let encoded = query(command, params)
        var request: HTTPClientRequest
        if params.contains(where: { Self.formOnlyParameters.contains($0.0.lowercased()) }) {
            request = Self.formRequest(endpoint, body: encoded)
        } else {
            request = HTTPClientRequest(url: endpoint + "?" + encoded)
        }
        if case .session(_, let cookies) = credentials, !cookies.isEmpty { request.headers.add(name: "Cookie", value: cookies) }
        let response = try await http.execute(request, timeout: timeout)
        return (Int(response.status.code), try await response.body.collect(upTo: 64 * 1024 * 1024))
    }

    /// Logs in with a password and returns a client using the new session.
    public func login(username: String, password: String, domain: String = "/", timeout: TimeAmount = .seconds(30)) async throws -> CloudStackClient {
        let form = Self.formEncode([("command", "login"), ("username", username), ("password", password), ("domain", domain), ("response", "json")])
        let response = try await http.execute(Self.formRequest(endpoint, body: form), timeout: timeout)
        let body = try await response.body.collect(upTo: 1024 * 1024)
        let fields = try Self.unwrap(status: Int(response.status.code), body: Data(body.readableBytesView))
        guard let key = fields["sessionkey"]?.string else {
            throw Failure(httpStatus: Int(response.status.code), errorCode: nil, errorText: "login answered without a session key")
        }
        let cookies = response.headers["Set-Cookie"].compactMap { $0.split(separator: ";").first.map(String.init) }.joined(separator: "; ")
        var client = self
        client.credentials = .session(sessionKey: key, cookies: cookies)
        return client
    }

    static func formRequest(_ url: String, body: String) -> HTTPClientRequest {
        var request = HTTPClientRequest(url: url)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        request.body = .bytes(ByteBuffer(string: body))
        return request
    }

    static func formEncode(_ pairs: [(String, String)]) -> String {
        pairs.map { RequestSigner.javaURLEncode($0.0) + "=" + RequestSigner.javaURLEncode($0.1) }.joined(separator: "&")
    }

    /// The fields under the first `…response` key, or the error that body carries.
    static func unwrap(status: Int, body: Data) throws -> [String: JSONValue] {
        guard let json = JSONValue.parse(body)?.object,
              let inner = json.first(where: { $0.key.hasSuffix("response") })?.value.object else {
            let text = String(decoding: body.prefix(500), as: UTF8.self)
            throw Failure(httpStatus: status, errorCode: nil, errorText: text.isEmpty ? "HTTP \(status) with an empty body" : text)
        }
        if let code = inner["errorcode"]?.int {
            throw Failure(httpStatus: status, errorCode: code, errorText: inner["errortext"]?.string ?? "")
        }
        return inner
    }

    static func expiresString(_ date: Date) -> String {
        APIDate.string(date)
    }
}
