import APIClient
import AsyncHTTPClient

/// Prints any error a command ends with on stderr, in one place, and picks the exit status:
/// API errors as `errorcode = …` and `errortext = …` lines, everything else as `error: …`.
enum ErrorReport {
    static func report(_ error: any Error, url: String?, to terminal: Terminal) -> Int32 {
        switch error {
        case let usage as UsageError:
            terminal.err("error: \(usage.message)\n")
            return ExitStatus.usageError
        case let failure as CloudStackClient.Failure:
            if let code = failure.errorCode {
                terminal.err("errorcode = \(code)\nerrortext = \(failure.errorText)\n")
            } else {
                terminal.err("error: HTTP \(failure.httpStatus): \(failure.errorText)\n")
            }
            return ExitStatus.apiError
        case let http as HTTPClientError:
            terminal.err("error: cannot reach \(url ?? "the server"): \(http)\n")
            return ExitStatus.apiError
        default:
            terminal.err("error: \(url.map { "talking to \($0): " } ?? "")\(error)\n")
            return ExitStatus.apiError
        }
    }
}
