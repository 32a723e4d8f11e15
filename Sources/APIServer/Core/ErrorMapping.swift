import APIModel
import DomainModel
import Logging

extension APIError {
    /// The CloudStack error for a refusal from the domain or orchestration layer.
    init(_ error: DomainError, command: String) {
        switch error {
        case .invalidParameter(let text), .invalidState(let text):
            self = .invalidParameter(text)
        case .notFound(_, let id, let parameter):
            self = .unknownEntity(parameter, value: id, command: command)
        case .permissionDenied(let text):
            self = .permissionDenied(text)
        case .inUse(let text):
            self = .invalidParameter(text)
        case .insufficientCapacity(let text):
            self = APIError(.insufficientCapacity, text, csErrorCode: CSErrorCode.insufficientCapacity)
        case .concurrentModification(let text):
            self = .internalError(text)
        case .unavailable(let text):
            self = APIError(.resourceUnavailable, text, csErrorCode: CSErrorCode.resourceUnavailable)
        }
    }

    /// Any thrown error as a CloudStack error. Refusals keep their code and text; anything unexpected
    /// becomes 530 with a request id, logged with the error itself, so an operator can find what happened.
    static func from(_ error: any Error, command: String, logger: Logger) -> APIError {
        switch error {
        case let e as APIError: return e
        case let e as DomainError: return APIError(e, command: command)
        default:
            let requestId = ResourceID.make()
            logger.error("command \(command) failed (request \(requestId)): \(error)")
            return .internalError("Internal error executing command \(command) (request \(requestId))")
        }
    }

    /// The error as `caller` may see it: only the root administrator reads why a command failed on the
    /// cloud's side (an internal error, missing capacity, an unavailable resource); everyone else gets
    /// CloudStack's general text, in a synchronous answer and in a job's result alike.
    func masked(for caller: Caller) -> APIError {
        guard !caller.isRootAdmin, [.internalError, .insufficientCapacity, .resourceUnavailable].contains(code) else { return self }
        var masked = self
        masked.text = "Internal error executing command, please contact your system administrator"
        return masked
    }
}
