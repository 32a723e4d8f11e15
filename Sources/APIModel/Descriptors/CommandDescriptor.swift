/// Who may call a command, in CloudStack's three basic roles.
public enum CommandAccess: Sendable, Comparable {
    /// No credentials needed (login, logout).
    case anonymous
    /// Any authenticated user.
    case user
    /// Root and domain administrators.
    case domainAdmin
    /// Root administrators only.
    case rootAdmin
}

/// How a command answers: a list, a single object, an inline object, or success only.
public enum ResponseKind: Sendable {
    case list(ResponseSchema)
    case object(ResponseSchema)
    case inline(ResponseSchema)
    case success

    public var schema: ResponseSchema {
        switch self {
        case .list(let s), .object(let s), .inline(let s): s
        case .success: .success
        }
    }
}

/// Everything Cumulo states about one API command: it drives parameter
/// validation, `listApis`, the generated API reference and the CLI.
public struct CommandDescriptor: Sendable {
    public var name: String
    public var description: String
    public var since: String?
    public var isAsync: Bool
    /// For asynchronous commands that create a resource, the immediate answer carries the new id too.
    public var createsResource: Bool
    public var params: [ParameterDescriptor]
    public var response: ResponseKind
    public var access: CommandAccess
    /// The root key of responses, `<lower-cased name>response` unless CloudStack uses another.
    public var responseName: String

    public init(
        _ name: String, _ description: String, access: CommandAccess, response: ResponseKind,
        isAsync: Bool = false, createsResource: Bool = false, since: String? = nil,
        responseName: String? = nil, params: [ParameterDescriptor] = []
    ) {
        self.name = name
        self.description = description
        self.since = since
        self.isAsync = isAsync
        self.createsResource = createsResource
        self.params = params
        self.response = response
        self.access = access
        self.responseName = responseName ?? name.lowercased() + "response"
    }

    public func parameter(_ name: String) -> ParameterDescriptor? {
        params.first { $0.name == name }
    }

    public var requiredParameters: [ParameterDescriptor] { params.filter(\.required) }
}
