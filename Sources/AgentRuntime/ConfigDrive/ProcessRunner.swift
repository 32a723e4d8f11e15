import Dispatch
import Foundation

/// Runs a program with an argument array (never through a shell) off Swift's cooperative threads.
enum ProcessRunner {
    struct Failure: Error, CustomStringConvertible {
        var executable: String
        var status: Int32
        var output: String

        var description: String {
            let detail = output.trimmingCharacters(in: .whitespacesAndNewlines)
            return "\((executable as NSString).lastPathComponent) exited with status \(status)" + (detail.isEmpty ? "" : ": \(detail)")
        }
    }

    /// Runs `executable` and returns its combined output; throws when it cannot start or exits non-zero.
    @discardableResult
    static func run(_ executable: String, _ arguments: [String]) async throws -> String {
        try await withCheckedThrowingContinuation { continuation in
            DispatchQueue.global().async {
                let process = Process()
                process.executableURL = URL(fileURLWithPath: executable)
                process.arguments = arguments
                process.standardInput = FileHandle.nullDevice
                let pipe = Pipe()
                process.standardOutput = pipe
                process.standardError = pipe
                do {
                    try process.run()
                } catch {
                    continuation.resume(throwing: error)
                    return
                }
                let data = pipe.fileHandleForReading.readDataToEndOfFile()
                process.waitUntilExit()
                let output = String(decoding: data, as: UTF8.self)
                if process.terminationReason == .exit, process.terminationStatus == 0 {
                    continuation.resume(returning: output)
                } else {
                    continuation.resume(throwing: Failure(executable: executable, status: process.terminationStatus, output: output))
                }
            }
        }
    }
}
