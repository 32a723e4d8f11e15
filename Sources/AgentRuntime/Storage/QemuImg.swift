import Foundation
import Synchronization

/// Runs `qemu-img` (create, resize, info) on image files, including `nfs://` URLs qemu opens itself.
/// Arguments go to the process as an array, never through a shell; standard error becomes the error text.
public struct QemuImg: Sendable {
    public var executable: String
    /// A call that takes longer is stopped and fails.
    public var timeoutSeconds: Int

    public init(executable: String = "/usr/bin/qemu-img", timeoutSeconds: Int = 300) {
        self.executable = executable
        self.timeoutSeconds = timeoutSeconds
    }

    /// `qemu-img create -f <format> [-b <backing> -F <backingFormat>] <target> <size>`.
    public func create(_ target: String, format: String, sizeBytes: Int64,
                       backing: String? = nil, backingFormat: String? = nil) async throws {
        var arguments = ["create", "-q", "-f", format]
        if let backing {
            arguments += ["-b", backing, "-F", backingFormat ?? "qcow2"]
        }
        arguments += [target, String(sizeBytes)]
        _ = try await run(arguments)
    }

    /// `qemu-img resize [-f <format>] <target> <size>`.
    public func resize(_ target: String, format: String?, sizeBytes: Int64) async throws {
        var arguments = ["resize", "-q"]
        if let format { arguments += ["-f", format] }
        arguments += [target, String(sizeBytes)]
        _ = try await run(arguments)
    }

    /// `qemu-img info --output=json` of one image (not its backing chain).
    public func info(_ target: String, format: String? = nil) async throws -> QemuImageInfo {
        var arguments = ["info", "--output=json", "--force-share"]
        if let format { arguments += ["-f", format] }
        arguments.append(target)
        let output = try await run(arguments)
        do {
            return try JSONDecoder().decode(QemuImageInfo.self, from: output)
        } catch {
            throw QemuImgError(arguments: arguments, status: 0,
                               message: "unreadable JSON from qemu-img info: \(String(decoding: output, as: UTF8.self))")
        }
    }

    /// Runs qemu-img with `arguments` and returns its standard output; throws `QemuImgError` with its
    /// standard error when it fails. Output goes to temporary files, so a chatty child can never block
    /// on a full pipe, and the calling task only suspends while waiting.
    func run(_ arguments: [String]) async throws -> Data {
        let directory = FileManager.default.temporaryDirectory
        let token = UUID().uuidString
        let outputURL = directory.appendingPathComponent("cumulo-qemu-img-\(token).out")
        let errorURL = directory.appendingPathComponent("cumulo-qemu-img-\(token).err")
        _ = FileManager.default.createFile(atPath: outputURL.path, contents: nil)
        _ = FileManager.default.createFile(atPath: errorURL.path, contents: nil)
        defer {
            try? FileManager.default.removeItem(at: outputURL)
            try? FileManager.default.removeItem(at: errorURL)
        }
        let output = try FileHandle(forWritingTo: outputURL)
        let errors = try FileHandle(forWritingTo: errorURL)

        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = arguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors

        let watch = QemuImgWatch()
        let status: Int32
        do {
            status = try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Int32, any Error>) in
                process.terminationHandler = { finished in
                    watch.finished.store(true, ordering: .sequentiallyConsistent)
                    continuation.resume(returning: finished.terminationStatus)
                }
                do {
                    try process.run()
                } catch {
                    process.terminationHandler = nil
                    continuation.resume(throwing: QemuImgError(arguments: arguments, status: -1,
                                                               message: "cannot start \(executable): \(error)"))
                    return
                }
                let pid = process.processIdentifier
                let seconds = timeoutSeconds
                Task.detached {
                    try? await Task.sleep(for: .seconds(seconds))
                    // `finished` is set right after Foundation reaps the child, so while it is false the
                    // pid still names our child (but for the instant between reaping and the handler).
                    if !watch.finished.load(ordering: .sequentiallyConsistent) {
                        watch.timedOut.store(true, ordering: .sequentiallyConsistent)
                        kill(pid, SIGKILL)
                    }
                }
            }
        } catch {
            try? output.close()
            try? errors.close()
            throw error
        }
        if watch.timedOut.load(ordering: .sequentiallyConsistent) {
            try? output.close()
            try? errors.close()
            throw QemuImgError(arguments: arguments, status: status,
                               message: "stopped after \(timeoutSeconds) s without finishing")
        }
        try? output.close()
        try? errors.close()
        let standardOutput = (try? Data(contentsOf: outputURL)) ?? Data()
        if status != 0 {
            let text = (try? String(contentsOf: errorURL, encoding: .utf8)) ?? ""
            let trimmed = text.trimmingCharacters(in: .whitespacesAndNewlines)
            throw QemuImgError(arguments: arguments, status: status,
                               message: trimmed.isEmpty ? "exited with status \(status)" : trimmed)
        }
        return standardOutput
    }
}

/// Whether a qemu-img child has finished, shared with its timeout watcher.
final class QemuImgWatch: Sendable {
    let finished = Atomic<Bool>(false)
    let timedOut = Atomic<Bool>(false)
}

/// What `qemu-img info --output=json` says about an image.
public struct QemuImageInfo: Sendable, Equatable, Decodable {
    public var format: String
    public var virtualSize: Int64
    /// Bytes the image occupies on its storage; nil when qemu cannot tell.
    public var actualSize: Int64?
    public var backingFilename: String?

    enum CodingKeys: String, CodingKey {
        case format
        case virtualSize = "virtual-size"
        case actualSize = "actual-size"
        case backingFilename = "backing-filename"
    }
}

/// A qemu-img call that failed: its arguments, exit status and standard error.
public struct QemuImgError: Error, Sendable, Equatable, CustomStringConvertible {
    public var arguments: [String]
    public var status: Int32
    public var message: String

    public var description: String {
        "qemu-img \(arguments.first ?? "") failed (status \(status)): \(message)"
    }
}
