import APIModel
import APIServer
import Foundation
import Hummingbird
import HummingbirdTesting
import Logging
import Orchestration
import Persistence
import ServiceLifecycle
import Testing

/// A management server on an in-memory database, driven through Hummingbird's
/// test client with requests signed by the bootstrapped admin's API keys.
struct TestAPI {
    let client: any TestClientProtocol
    let cloud: Cloud
    var apiKey: String
    var secretKey: String

    /// The outcome of one call: HTTP status and the object under the response's root key.
    struct Reply {
        let status: Int
        let root: String
        let body: [String: Any]
        let raw: String

        subscript(key: String) -> Any? { body[key] }
        var errorCode: Int? { body["errorcode"] as? Int }
        var errorText: String { body["errortext"] as? String ?? "" }
        /// The list items under `name`, empty when the list is empty.
        func list(_ name: String) -> [[String: Any]] { body[name] as? [[String: Any]] ?? [] }
        func object(_ name: String) -> [String: Any] { body[name] as? [String: Any] ?? [:] }
    }

    struct CallFailed: Error, CustomStringConvertible {
        let description: String
    }

    /// Sends a signed request as the current keys' owner (JSON response unless `response` is given).
    func call(_ command: String, _ params: [String: String] = [:], method: HTTPRequest.Method = .get) async throws -> Reply {
        var pairs: [(String, String)] = [("command", command), ("response", "json"), ("apiKey", apiKey)]
        for (k, v) in params.sorted(by: { $0.key < $1.key }) {
            if k == "response" { pairs[1].1 = v } else { pairs.append((k, v)) }
        }
        pairs.append(("signature", RequestSigner.signature(for: pairs, secret: secretKey)))
        let reply = try await send(pairs, method: method)
        if reply.status == 200, let descriptor = Commands.all.first(where: { $0.name == command }), !descriptor.isAsync {
            SchemaCheck.check(reply.body, against: descriptor.response, command: command)
        }
        return reply
    }

    /// Sends the given parameters as they are (no signing).
    func send(_ pairs: [(String, String)], method: HTTPRequest.Method = .get, headers: HTTPFields = [:]) async throws -> Reply {
        let query = pairs.map { "\(Self.encode($0.0))=\(Self.encode($0.1))" }.joined(separator: "&")
        let response: TestResponse
        if method == .post {
            var h = headers
            h[.contentType] = "application/x-www-form-urlencoded"
            response = try await client.execute(uri: "/client/api", method: .post, headers: h, body: ByteBuffer(string: query))
        } else {
            response = try await client.execute(uri: "/client/api?" + query, method: method, headers: headers, body: nil)
        }
        let raw = String(buffer: response.body)
        var root = ""
        var body: [String: Any] = [:]
        if let json = try? JSONSerialization.jsonObject(with: Data(raw.utf8)) as? [String: Any], let first = json.first {
            root = first.key
            body = first.value as? [String: Any] ?? [:]
        }
        return Reply(status: Int(response.status.code), root: root, body: body, raw: raw)
    }

    /// Calls a command that must succeed; returns its reply.
    @discardableResult
    func ok(_ command: String, _ params: [String: String] = [:]) async throws -> Reply {
        let reply = try await call(command, params)
        guard reply.status == 200 else {
            throw CallFailed(description: "\(command) failed with HTTP \(reply.status): \(reply.raw)")
        }
        return reply
    }

    /// Calls an asynchronous command and waits for its job; returns the `queryAsyncJobResult` body.
    func job(_ command: String, _ params: [String: String] = [:]) async throws -> Reply {
        let submitted = try await ok(command, params)
        guard let jobId = submitted["jobid"] as? String else { throw CallFailed(description: "\(command) returned no jobid: \(submitted.raw)") }
        for _ in 0..<500 {
            let result = try await ok("queryAsyncJobResult", ["jobid": jobId])
            if (result["jobstatus"] as? Int) != 0 {
                if result["jobstatus"] as? Int == 1, let descriptor = Commands.all.first(where: { $0.name == command }),
                   let jobResult = result["jobresult"] as? [String: Any] {
                    SchemaCheck.check(jobResult, against: descriptor.response, command: command)
                }
                return result
            }
            try await Task.sleep(for: .milliseconds(10))
        }
        throw CallFailed(description: "job \(jobId) of \(command) did not finish")
    }

    /// Creates a user account (type 0) and returns an API signed with its keys.
    func asNewUser(_ name: String, type: Int = 0) async throws -> TestAPI {
        let account = try await ok("createAccount", [
            "username": name, "password": "secret-\(name)", "firstname": name, "lastname": "test",
            "email": "\(name)@example.org", "accounttype": String(type),
        ]).object("account")
        let userId = ((account["user"] as? [[String: Any]])?.first?["id"] as? String) ?? ""
        let keys = try await ok("registerUserKeys", ["id": userId]).object("userkeys")
        var api = self
        api.apiKey = keys["apikey"] as? String ?? ""
        api.secretKey = keys["secretkey"] as? String ?? ""
        return api
    }

    static func encode(_ s: String) -> String {
        var allowed = CharacterSet.alphanumerics
        allowed.insert(charactersIn: "-._*")
        return s.addingPercentEncoding(withAllowedCharacters: allowed) ?? s
    }
}

/// Runs `body` against a fresh in-memory management server signed in as `admin`.
func withTestAPI(_ body: @Sendable (TestAPI) async throws -> Void) async throws {
    var logger = Logger(label: "test")
    logger.logLevel = .warning
    let db = try await Database.inMemory(logger: logger)
    let cloud = try await startCloud(db: db, config: ServerConfiguration(dataDirectory: "/nonexistent"), logger: logger)
    let admin = try await db.read.first(Tables.user, [.equals(.username, "admin")])!
    let caller = try await cloud.identity.caller(for: admin)!
    let keyed = try await cloud.identity.registerKeys(userId: admin.id, by: caller)
    let app = Application(router: buildRouter(cloud: cloud, logger: logger), logger: logger)
    // Jobs run as the cloud's background work, which runs beside the test as the server's service group runs it.
    let services = Task { try await withRunning([cloud.background]) }
    do {
        try await app.test(.router) { client in
            try await body(TestAPI(client: client, cloud: cloud, apiKey: keyed.apiKey!, secretKey: keyed.secretKey!))
        }
    } catch {
        _ = await cloud.jobs.drain(timeout: .seconds(30))
        services.cancel()
        _ = await services.result
        await db.close()
        throw error
    }
    _ = await cloud.jobs.drain(timeout: .seconds(30))
    services.cancel()
    _ = await services.result
    await db.close()
}

/// Runs every service until the task is cancelled.
func withRunning(_ services: [any Service]) async throws {
    try await withThrowingDiscardingTaskGroup { group in
        for service in services { group.addTask { try await service.run() } }
    }
}

/// Checks that every field a response carries is described in the command's response schema,
/// so `listApis` and the API reference never miss a field the server sends.
enum SchemaCheck {
    static func check(_ body: [String: Any], against kind: ResponseKind, command: String) {
        let schema = kind.schema
        let objects: [[String: Any]]
        switch kind {
        case .list: objects = body[schema.objectName] as? [[String: Any]] ?? []
        case .object: objects = [body[schema.objectName] as? [String: Any] ?? [:]]
        case .inline, .success: objects = [body]
        }
        let known = schema.fieldNames
        for object in objects {
            let unknown = Set(object.keys).subtracting(known)
            if !unknown.isEmpty {
                Issue.record("\(command) answered fields missing from the \(schema.objectName) schema: \(unknown.sorted())")
            }
        }
    }
}
