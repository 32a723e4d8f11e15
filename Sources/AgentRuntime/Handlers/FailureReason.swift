import Hypervisor

/// Readable text for any error a command meets.
enum FailureReason {
    static func describe(_ error: any Error) -> String {
        switch error {
        case let error as HypervisorError: error.message
        default: String(describing: error)
        }
    }
}
