import APIModel
import DomainModel
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import Orchestration

/// Serves `/client/api`: decodes the request, authenticates it, checks the
/// parameters, runs the command's handler and renders the answer or the error.
public struct APIEndpoint: Sendable {
    /// Authentication and sessions use the identity service and settings; commands get `services`.
    let cloud: Cloud
    let services: CommandServices
    let registry: CommandRegistry
    let renderer = ResponseRenderer(version: CloudVersion.current)
    let logger: Logger
    var authenticator: Authenticator { Authenticator(cloud: cloud) }

    public init(cloud: Cloud, registry: CommandRegistry, logger: Logger) {
        self.cloud = cloud
        services = CommandServices(cloud: cloud)
        self.registry = registry
        self.logger = logger
    }

    /// Answers `request`, sent from the IP address `client`.
    public func respond(_ request: Request, from client: String) async -> Response {
        var request = request
        let params: RequestParameters
        do {
            params = try await Self.parameters(of: &request)
        } catch {
            return plain(.badRequest, "Request body could not be read")
        }
        let cookies = Self.cookies(request.headers)
        let format = ResponseFormat(parameter: params["response"])

        // Names are signed as they are sent, so a name holding `=` or `&` could splice other parameters
        // into the signed text: refuse names outside CloudStack's characters before anything else.
        if let bad = params.original.first(where: { !RequestParameters.isValidName($0.0) }) {
            let root = (params["command"]?.lowercased()).map { $0 + "response" } ?? "errorresponse"
            return errorResponse(.invalidParameter("Parameter name \(bad.0) is not valid: names use letters, digits, '.', '_', '[' and ']'"),
                                 root: root, format: format)
        }
        guard let commandName = params["command"] else {
            let root = params.original.isEmpty ? "errorresponse" : "null"
            return errorResponse(.badCredentials, root: root, format: format)
        }
        switch commandName.lowercased() {
        case "login": return await SessionEndpoint(cloud: cloud, renderer: renderer, logger: logger).login(request, params, from: client, format: format, name: commandName)
        case "logout": return await SessionEndpoint(cloud: cloud, renderer: renderer, logger: logger).logout(params, cookies: cookies, format: format, name: commandName)
        default: break
        }

        let registered = registry[commandName]
        let responseName = registered?.descriptor.responseName ?? "errorresponse"
        let caller: Caller
        do {
            switch try await authenticator.authenticate(params, cookies: cookies, registered: registered?.descriptor, commandName: commandName) {
            case .authenticated(let c): caller = c
            case .refused(let error):
                let root = error.code == .unsupportedAction || (registered == nil && params["apikey"] != nil) ? "errorresponse" : commandName.lowercased() + "response"
                return errorResponse(error, root: root, format: format)
            }
        } catch {
            logger.error("authentication failed unexpectedly: \(error)")
            return errorResponse(.internalError("Internal error while authenticating the request"), root: responseName, format: format)
        }

        guard let registered, let handler = registered.handler else {
            return errorResponse(APIError(.unsupportedAction, "Unknown API command: \(commandName)"), root: "errorresponse", format: format, authenticated: true)
        }
        let descriptor = registered.descriptor
        guard AccessPolicy.allows(descriptor.access, caller) else {
            return errorResponse(AccessPolicy.denied(descriptor.name, caller), root: "errorresponse", format: format, authenticated: true)
        }
        do {
            try ParameterValidator(descriptor: descriptor, maxPageSize: services.defaultPageSize)
                .validate(params, role: AccessPolicy.role(of: caller))
            let context = CommandContext(descriptor: descriptor, params: params, caller: caller, services: services)
            let response = try await handler(context)
            return Self.httpResponse(.ok, renderer.render(response, responseName: descriptor.responseName, format: format), format: format)
        } catch {
            let apiError = APIError.from(error, command: descriptor.name, logger: logger).masked(for: caller)
            return errorResponse(apiError, root: descriptor.responseName, format: format, authenticated: true)
        }
    }

    func errorResponse(_ error: APIError, root: String, format: ResponseFormat, authenticated: Bool = false) -> Response {
        renderer.httpError(error, root: root, format: format, authenticated: authenticated)
    }

    static func httpResponse(_ status: HTTPResponse.Status, _ body: String, format: ResponseFormat) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = format.contentType
        headers[.xContentTypeOptions] = "nosniff"
        if let xss = HTTPField.Name("X-XSS-Protection") { headers[xss] = "1;mode=block" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: body)))
    }

    func plain(_ status: HTTPResponse.Status, _ text: String) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/plain; charset=UTF-8"
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// Query string and form body, merged (form values replace query values of the same name).
    static func parameters(of request: inout Request) async throws -> RequestParameters {
        var pairs = RequestParameters.decodeForm(Substring(request.uri.query ?? ""))
        if request.method == .post {
            let contentType = request.headers[.contentType]?.lowercased() ?? "application/x-www-form-urlencoded"
            if contentType.hasPrefix("application/x-www-form-urlencoded") {
                let body = try await request.collectBody(upTo: 4 * 1024 * 1024)
                pairs += RequestParameters.decodeForm(Substring(String(buffer: body)))
            }
        }
        return RequestParameters(pairs: pairs)
    }

    static func cookies(_ headers: HTTPFields) -> [String: String] {
        var cookies: [String: String] = [:]
        for header in headers[values: .cookie] {
            for part in header.split(separator: ";") {
                let pieces = part.split(separator: "=", maxSplits: 1)
                guard pieces.count == 2 else { continue }
                var value = pieces[1].trimmingCharacters(in: .whitespaces)
                if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
                cookies[pieces[0].trimmingCharacters(in: .whitespaces)] = value
            }
        }
        return cookies
    }
}
