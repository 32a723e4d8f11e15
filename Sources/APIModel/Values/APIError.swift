/// CloudStack's API error codes; the HTTP status of an error response equals the code.
public enum APIErrorCode: Int, Sendable {
    case badRequest = 400
    case unauthorized = 401
    case methodNotAllowed = 405
    case apiLimitExceeded = 429
    case malformedParameter = 430
    case parameterError = 431
    case unsupportedAction = 432
    case serviceUnavailable = 503
    case internalError = 530
    case accountError = 531
    case accountResourceLimit = 532
    case insufficientCapacity = 533
    case resourceUnavailable = 534
    case resourceAllocation = 535
    case resourceInUse = 536
    case networkRuleConflict = 537
}

/// CloudStack's `cserrorcode` values for the exception classes Cumulo reproduces.
public enum CSErrorCode {
    public static let serverAPI = 9999
    public static let cloudRuntime = 4250
    public static let insufficientCapacity = 4325
    public static let invalidParameterValue = 4350
    public static let permissionDenied = 4365
    public static let resourceAllocation = 4370
    public static let resourceInUse = 4375
    public static let resourceUnavailable = 4380
}

/// An error answered in CloudStack's error envelope. Handlers throw it; the
/// server renders it in one place.
public struct APIError: Error, Sendable, Equatable, CustomStringConvertible {
    public var code: APIErrorCode
    public var csErrorCode: Int?
    /// The readable reason; at most `maxTextLength` characters, so an error never echoes a huge value back.
    public var text: String {
        get { boundedText }
        set { boundedText = Self.bounded(newValue) }
    }
    private var boundedText: String

    /// The longest error text sent: enough for any sentence, short enough for an HTTP header line.
    public static let maxTextLength = 1024

    public init(_ code: APIErrorCode, _ text: String, csErrorCode: Int? = CSErrorCode.serverAPI) {
        self.code = code
        boundedText = Self.bounded(text)
        self.csErrorCode = csErrorCode
    }

    /// `text` cut to `maxTextLength` characters, saying how much was left out.
    static func bounded(_ text: String) -> String {
        guard text.count > maxTextLength else { return text }
        let kept = text.prefix(maxTextLength - 40)
        return "\(kept)… (\(text.count - kept.count) more characters)"
    }

    public var description: String { "\(code.rawValue): \(text)" }

    /// The error's fields as CloudStack sends them, in an error response and in a failed job's `jobresult`.
    public var fields: APIObject {
        var body = APIObject()
        body.set("errorcode", .int(Int64(code.rawValue)))
        if let csErrorCode { body.set("cserrorcode", .int(Int64(csErrorCode))) }
        body.set("errortext", text)
        return body
    }

    /// 431 with InvalidParameterValueException's code, the usual answer to bad input.
    public static func invalidParameter(_ text: String) -> APIError {
        APIError(.parameterError, text, csErrorCode: CSErrorCode.invalidParameterValue)
    }

    public static func missingParameter(_ name: String, command: String) -> APIError {
        APIError(.parameterError, "Unable to execute API command \(command.lowercased()) due to missing parameter \(name)")
    }

    public static func unknownEntity(_ name: String, value: String, command: String) -> APIError {
        APIError(.parameterError, "Unable to execute API command \(command.lowercased()) due to invalid value. Invalid parameter \(name) value=\(value) due to incorrect long value format, or entity does not exist or due to incorrect parameter annotation for the field in api cmd class.")
    }

    public static func permissionDenied(_ text: String) -> APIError {
        APIError(.accountError, text, csErrorCode: CSErrorCode.permissionDenied)
    }

    public static func inUse(_ text: String) -> APIError {
        APIError(.resourceInUse, text, csErrorCode: CSErrorCode.resourceInUse)
    }

    public static func internalError(_ text: String) -> APIError {
        APIError(.internalError, text, csErrorCode: CSErrorCode.cloudRuntime)
    }

    public static let badCredentials = APIError(.unauthorized, "unable to verify user credentials and/or request signature", csErrorCode: nil)
    public static let badSession = APIError(.unauthorized, "unable to verify user credentials", csErrorCode: nil)
}
