import APIModel
import DomainModel
import Foundation
import Orchestration

/// Establishes who sent a request: from its session (`sessionkey` cookie and
/// parameter) or from its API key and signature.
struct Authenticator: Sendable {
    let cloud: Cloud

    enum Outcome {
        case authenticated(Caller)
        case refused(APIError)
    }

    func authenticate(_ params: RequestParameters, cookies: [String: String], registered: CommandDescriptor?, commandName: String) async throws -> Outcome {
        if params["apikey"] != nil || params["signature"] != nil {
            return try await bySignature(params, registered: registered)
        }
        let cookieKey = cookies["sessionkey"]
        let paramKey = params["sessionkey"]
        if cookieKey != nil || paramKey != nil {
            // Both the cookie and the parameter must carry the session key (CloudStack's default check).
            guard let cookieKey, let paramKey, cookieKey == paramKey,
                  let caller = try await cloud.identity.caller(sessionKey: paramKey) else {
                return .refused(.badSession)
            }
            return .authenticated(caller)
        }
        return .refused(.badCredentials)
    }

    func bySignature(_ params: RequestParameters, registered: CommandDescriptor?) async throws -> Outcome {
        guard let registered, let apiKey = params["apikey"], let signature = params["signature"],
              let (caller, secret) = try await cloud.identity.caller(apiKey: apiKey) else {
            return .refused(.badCredentials)
        }
        // The role check comes before the signature check, as in CloudStack.
        if !AccessPolicy.allows(registered.access, caller) {
            return .refused(AccessPolicy.denied(registered.name, caller))
        }
        if params["signatureversion"] == "3" {
            // A signature that never expires is a credential of its own: `expires` may lie at most
            // `api.signature.max.lifetime` seconds ahead.
            let horizon = Date().addingTimeInterval(cloud.settings.double("api.signature.max.lifetime"))
            guard let expires = params["expires"], let date = ExpiryParser.parse(expires), date > Date(), date <= horizon else {
                return .refused(.badCredentials)
            }
        }
        guard RequestSigner.verify(params.original, signature: signature, secret: secret) else {
            return .refused(.badCredentials)
        }
        return .authenticated(caller)
    }
}

/// Which callers may run which commands.
enum AccessPolicy {
    static func allows(_ access: CommandAccess, _ caller: Caller) -> Bool {
        switch access {
        case .anonymous, .user: true
        case .domainAdmin: caller.isAdmin
        case .rootAdmin: caller.isRootAdmin
        }
    }

    /// The highest access a caller has: what its parameters are checked against.
    static func role(of caller: Caller) -> CommandAccess {
        caller.isRootAdmin ? .rootAdmin : caller.isAdmin ? .domainAdmin : .user
    }

    static func denied(_ command: String, _ caller: Caller) -> APIError {
        APIError(.unsupportedAction, "The API [\(command)] does not exist or is not available for the account for user id [\(caller.user.id)].")
    }
}
