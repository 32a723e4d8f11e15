import APIModel
import DomainModel
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Orchestration

/// `login` and `logout`: password logins that open a session, answered with
/// CloudStack's `sessionkey` cookie and body.
struct SessionEndpoint {
    let cloud: Cloud
    let renderer: ResponseRenderer
    let logger: Logger

    func login(_ request: Request, _ params: RequestParameters, from client: String, format: ResponseFormat, name: String) async -> Response {
        let root = name == "login" ? "loginresponse" : "errorresponse"
        guard request.method == .post else {
            var headers = HTTPFields()
            headers[.contentType] = "text/plain; charset=UTF-8"
            return Response(status: .methodNotAllowed, headers: headers,
                            body: ResponseBody(byteBuffer: ByteBuffer(string: "Please use HTTP POST to authenticate using this API")))
        }
        guard let username = params["username"], !username.isEmpty, let password = params["password"], !password.isEmpty else {
            let missing = params["username"]?.isEmpty == false ? "password" : "username"
            return renderer.httpError(.missingParameter(missing, command: "login"), root: root, format: format)
        }
        do {
            let domainId = params["domainid"]
            let caller: Caller
            let outcome = try await cloud.identity.authenticate(username: username, password: password, domainPath: params["domain"],
                                                         domainId: domainId, source: client)
            if case .accepted = outcome {} else {
                // A refused guess is answered late: a guesser's connection sits idle instead of guessing again.
                try await Task.sleep(for: Self.refusalDelay)
            }
            switch outcome {
            case .accepted(let accepted):
                caller = accepted
            case .refused:
                let domainText = domainId ?? IdentityService.normalisedPath(params["domain"])
                logger.notice("failed login for user \(username) from \(client)")
                return renderer.httpError(APIError(.accountError, "Failed to authenticate user \(username) in domain \(domainText); please provide valid credentials", csErrorCode: nil), root: root, format: format)
            case .throttled(let firstInStreak):
                // Once per streak: a flood of guesses must not become a flood of log lines.
                if firstInStreak {
                    logger.warning("logins from \(client) refused for a while: too many failed logins from that address")
                }
                return renderer.httpError(APIError(.accountError, "Too many failed logins from this address; try again in a minute", csErrorCode: nil), root: root, format: format)
            case .defaultPasswordFromAfar:
                logger.warning("login for user \(username) from \(client) refused: the default password is accepted from this machine only")
                return renderer.httpError(APIError(.accountError, "This user still has the default password, which is accepted only from the management server's own machine; change it there first (updateUser)", csErrorCode: nil), root: root, format: format)
            case .busy:
                return renderer.httpError(APIError(.resourceUnavailable, "Too many logins are in progress; try again shortly", csErrorCode: nil), root: root, format: format)
            }
            let sessionKey = try await cloud.identity.createSession(for: caller)
            var body = APIObject()
            body.set("username", caller.user.username)
            body.set("userid", caller.user.id)
            body.set("domainid", caller.domain.id)
            body.set("timeout", cloud.settings.int("session.timeout"))
            body.set("account", caller.account.name)
            body.set("firstname", caller.user.firstname)
            body.set("lastname", caller.user.lastname)
            body.set("type", String(caller.account.type.rawValue))
            body.set("timezone", caller.user.timezone)
            body.set("registered", "false")
            body.set("sessionkey", sessionKey)
            body.set("is2faenabled", "false")
            body.set("is2faverified", "true")
            body.set("issuerfor2fa", "Cumulo")
            if caller.isRootAdmin { body.set("managementserverid", cloud.managementServerId) }
            var response = APIEndpoint.httpResponse(.ok, renderer.render(.inline(body), responseName: root, format: format), format: format)
            let sameSite = cloud.settings.string("api.sessionkey.cookie.samesite")
            response.headers.append(HTTPField(name: .setCookie, value: "JSESSIONID=\(TokenGenerator.token(bytes: 16)); Path=/client; HttpOnly"))
            response.headers.append(HTTPField(name: .setCookie, value: "sessionkey=\(sessionKey);HttpOnly" + (sameSite.lowercased() == "null" ? "" : ";SameSite=\(sameSite)")))
            return response
        } catch {
            logger.error("login failed unexpectedly: \(error)")
            return renderer.httpError(.internalError("Internal error during login"), root: root, format: format)
        }
    }

    /// How long a refused login waits before its answer.
    static let refusalDelay = Duration.seconds(1)

    func logout(_ params: RequestParameters, cookies: [String: String], format: ResponseFormat, name: String) async -> Response {
        let root = "logoutresponse"
        let key = params["sessionkey"] ?? cookies["sessionkey"]
        let ended = (try? await key.asyncMap { try await cloud.identity.endSession($0) }) ?? false
        guard ended == true else {
            return renderer.httpError(APIError(.parameterError, "Session not found for the logout process."), root: root, format: format)
        }
        var response = APIEndpoint.httpResponse(.ok, renderer.render(.inline(["description": "success"]), responseName: root, format: format), format: format)
        for cookie in cookies.keys.sorted() {
            response.headers.append(HTTPField(name: .setCookie, value: "\(cookie)=; Max-Age=0"))
        }
        return response
    }
}
