import APIModel
import DomainModel

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

    /// Any thrown error as a CloudStack error; unexpected ones become 530.
    static func from(_ error: any Error, command: String) -> APIError {
        switch error {
        case let e as APIError: e
        case let e as DomainError: APIError(e, command: command)
        default: .internalError("Internal error executing command \(command)")
        }
    }
}
