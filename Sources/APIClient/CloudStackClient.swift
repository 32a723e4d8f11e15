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
    }

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
        return pairs.map { RequestSigner.javaURLEncode($0.0) + "=" + RequestSigner.javaURLEncode($0.1) }.joined(separator: "&")
    }

    /// Sends one command and returns the object under its response key.
    public func call(_ command: String, _ params: [(String, String)] = [], timeout: TimeAmount = .seconds(60)) async throws -> [String: Any] {
        let (status, body) = try await raw(command, params, timeout: timeout)
        return try Self.unwrap(status: status, body: Data(body.readableBytesView))
    }

    /// Sends one command and returns the HTTP status and the undecoded body.
    public func raw(_ command: String, _ params: [(String, String)] = [], timeout: TimeAmount = .seconds(60)) async throws -> (status: Int, body: ByteBuffer) {
        var request = HTTPClientRequest(url: endpoint + "?" + query(command, params))
        if case .session(_, let cookies) = credentials { request.headers.add(name: "Cookie", value: cookies) }
        let response = try await http.execute(request, timeout: timeout)
        return (Int(response.status.code), try await response.body.collect(upTo: 64 * 1024 * 1024))
    }

    /// Logs in with a password and returns a client using the new session.
    public func login(username: String, password: String, domain: String = "/") async throws -> CloudStackClient {
        var request = HTTPClientRequest(url: endpoint)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/x-www-form-urlencoded")
        let form = [("command", "login"), ("username", username), ("password", password), ("domain", domain), ("response", "json")]
            .map { RequestSigner.javaURLEncode($0.0) + "=" + RequestSigner.javaURLEncode($0.1) }.joined(separator: "&")
        request.body = .bytes(ByteBuffer(string: form))
        let response = try await http.execute(request, timeout: .seconds(30))
        let body = try await response.body.collect(upTo: 1024 * 1024)
        let fields = try Self.unwrap(status: Int(response.status.code), body: Data(body.readableBytesView))
        guard let key = fields["sessionkey"] as? String else {
            throw Failure(httpStatus: Int(response.status.code), errorCode: nil, errorText: "login answered without a session key")
        }
        let cookies = response.headers["Set-Cookie"].compactMap { $0.split(separator: ";").first.map(String.init) }.joined(separator: "; ")
        var client = self
        client.credentials = .session(sessionKey: key, cookies: cookies)
        return client
    }

    /// Calls an asynchronous command and polls `queryAsyncJobResult` until the job ends; returns `jobresult`.
    public func callAndWait(_ command: String, _ params: [(String, String)] = [], pollInterval: Duration = .seconds(2), timeout: Duration = .seconds(3600)) async throws -> [String: Any] {
        let submitted = try await call(command, params)
        guard let jobId = submitted["jobid"] as? String else { return submitted }
        return try await waitForJob(jobId, pollInterval: pollInterval, timeout: timeout)
    }

    public func waitForJob(_ jobId: String, pollInterval: Duration = .seconds(2), timeout: Duration = .seconds(3600)) async throws -> [String: Any] {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            let job = try await call("queryAsyncJobResult", [("jobid", jobId)])
            switch job["jobstatus"] as? Int {
            case 1: return job["jobresult"] as? [String: Any] ?? [:]
            case 2:
                let result = job["jobresult"] as? [String: Any] ?? [:]
                throw Failure(httpStatus: 200, errorCode: result["errorcode"] as? Int, errorText: result["errortext"] as? String ?? "job failed")
            default: try await Task.sleep(for: pollInterval)
            }
        }
        throw Failure(httpStatus: 408, errorCode: nil, errorText: "Timeout waiting for async job \(jobId)")
    }

    /// Fetches every page of a list command and returns all items under `key`.
    public func listAll(_ command: String, _ params: [(String, String)] = [], pageSize: Int = 500) async throws -> [[String: Any]] {
        var items: [[String: Any]] = []
        var page = 1
        while true {
            let body = try await call(command, params + [("page", String(page)), ("pagesize", String(pageSize))])
            let key = body.keys.first { $0 != "count" }
            let batch = key.flatMap { body[$0] as? [[String: Any]] } ?? []
            items += batch
            let total = body["count"] as? Int ?? 0
            if batch.isEmpty || items.count >= total { return items }
            page += 1
        }
    }

    static func unwrap(status: Int, body: Data) throws -> [String: Any] {
        guard let json = try? JSONSerialization.jsonObject(with: body) as? [String: Any],
              let inner = json.first(where: { $0.key.hasSuffix("response") })?.value as? [String: Any] else {
            throw Failure(httpStatus: status, errorCode: nil, errorText: String(decoding: body.prefix(500), as: UTF8.self))
        }
        if let code = inner["errorcode"] as? Int {
            throw Failure(httpStatus: status, errorCode: code, errorText: inner["errortext"] as? String ?? "")
        }
        return inner
    }

    static func expiresString(_ date: Date) -> String {
        APIDate.string(date)
    }
}
