import APIModel
import DomainModel
import Foundation

/// Checks request parameters against a command's descriptor before its handler
/// runs: required parameters, types, lengths, paging and control characters.
struct ParameterValidator {
    let descriptor: CommandDescriptor
    let maxPageSize: Int

    var command: String { descriptor.name.lowercased() }

    /// Checks `params` for a caller of `role` (see `AccessPolicy.role(of:)`).
    func validate(_ params: RequestParameters, role: CommandAccess) throws {
        for (name, value) in params.original where Self.hasIllegalControlCharacter(value) {
            throw APIError(.parameterError, "Received value containing illegal ASCII non-printable characters for parameter \(name)")
        }
        for param in descriptor.params {
            let value = params[param.name]
            if param.required {
                guard let value else {
                    if param.type == .map && params.hasMap(param.name) { continue }
                    throw APIError.missingParameter(param.name, command: descriptor.name)
                }
                if value.trimmingCharacters(in: .whitespaces).isEmpty {
                    throw APIError.invalidParameter("Invalid value provided for API arg: \(param.name)")
                }
            }
            guard let value, !value.isEmpty else {
                if !param.isSupported && params.hasMap(param.name) { throw unsupported(param) }
                continue
            }
            if param.access > role {
                throw param.access == .rootAdmin
                    ? APIError.permissionDenied("Parameter \(param.name) can only be specified by a root administrator")
                    : APIError.permissionDenied("Parameter \(param.name) may only be used by administrators")
            }
            // A boolean set to false asks for nothing and passes.
            if !param.isSupported && value.lowercased() != "false" { throw unsupported(param) }
            try check(value, for: param)
        }
        if descriptor.params.contains(where: { $0.name == "pagesize" }) {
            try checkPaging(params)
        }
    }

    func unsupported(_ param: ParameterDescriptor) -> APIError {
        APIError.invalidParameter("Cumulo does not support parameter \(param.name) of \(descriptor.name) yet")
    }

    func check(_ value: String, for param: ParameterDescriptor) throws {
        switch param.type {
        case .integer, .short, .long:
            if Int64(value.trimmingCharacters(in: .whitespaces)) == nil { throw invalidValue(value, param.name) }
        case .float, .double:
            if Double(value) == nil { throw invalidValue(value, param.name) }
        case .uuid:
            if value != "-1" && !ResourceID.isWellFormed(value) && Int64(value) == nil {
                throw APIError.unknownEntity(param.name, value: value, command: descriptor.name)
            }
        case .list where param.entity != nil:
            for item in value.split(separator: ",") where !ResourceID.isWellFormed(item.trimmingCharacters(in: .whitespaces)) {
                throw APIError.unknownEntity(param.name, value: String(item), command: descriptor.name)
            }
        case .date:
            if ExpiryParser.parse(value) == nil && Self.plainDate(value) == nil {
                throw APIError(.parameterError, "Unable to parse date \(value) for command \(command), please pass dates in the format mentioned in the api documentation")
            }
        case .string:
            if value.count > param.length {
                throw APIError(.parameterError, "Unable to execute API command \(command) due to invalid value. Value greater than max allowed length \(param.length) for param: \(param.name)")
            }
        default:
            break
        }
    }

    func checkPaging(_ params: RequestParameters) throws {
        let page = params["page"].flatMap { $0.isEmpty ? nil : $0 }
        let size = params["pagesize"].flatMap { $0.isEmpty ? nil : $0 }
        if page != nil && size == nil {
            throw APIError(.parameterError, "\"pagesize\" parameter is required when \"page\" is specified")
        }
        if let size, let n = Int(size) {
            if n != -1 && page == nil {
                throw APIError(.parameterError, "\"page\" parameter is required when \"pagesize\" is specified")
            }
            if n > maxPageSize {
                throw APIError.invalidParameter("Page size can't exceed max allowed page size value: \(maxPageSize)")
            }
            if n < 1 && n != -1 {
                throw APIError.invalidParameter("Page size must be a positive number or -1")
            }
        }
        if let page, let n = Int(page), n < 1 {
            throw APIError.invalidParameter("Page must be a positive number")
        }
    }

    func invalidValue(_ value: String, _ name: String) -> APIError {
        APIError(.parameterError, "Unable to execute API command \(command) due to invalid value \(value) for parameter \(name)")
    }

    static func hasIllegalControlCharacter(_ value: String) -> Bool {
        value.unicodeScalars.contains { s in
            (s.value < 0x20 && s != "\n" && s != "\r") || s.value == 0x7F
        }
    }

    static func plainDate(_ value: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        for format in ["yyyy-MM-dd HH:mm:ss", "yyyy-MM-dd"] {
            formatter.dateFormat = format
            if let d = formatter.date(from: value) { return d }
        }
        return nil
    }
}
