import Foundation
import Synchronization

/// Runs `qemu-img` (create, resize, info, convert) on image files, including `nfs://` URLs qemu opens itself.
/// Arguments go to the process as an array, never through a shell; standard error becomes the error text.
/// Images come from users, so each run is bounded: in time (`timeoutSeconds`), and through `prlimit` in
/// address space and CPU seconds (`limits`), so a crafted image cannot make it eat the host.
public struct QemuImg: Sendable {
    public var executable: String
    /// Address-space and CPU bounds of each run; nil runs qemu-img without them.
    public var limits: ProcessLimits? = ProcessLimits()
    /// A call that takes longer is stopped and fails.
    public var timeoutSeconds: Int
    /// The same bound for full copies of images (`convert`), which take as long as the image is large.
    public var copyTimeoutSeconds: Int

    public init(executable: String = "/usr/bin/qemu-img", timeoutSeconds: Int = 300, copyTimeoutSeconds: Int = 4 * 3600) {
        self.executable = executable
        self.timeoutSeconds = timeoutSeconds
        self.copyTimeoutSeconds = copyTimeoutSeconds
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

    /// `qemu-img convert -f <sourceFormat> -O <format> <source> <target>`: a full copy with no backing file,
    /// bounded by `copyTimeoutSeconds`.
    public func convert(_ source: String, sourceFormat: String, to target: String, format: String) async throws {
        var copier = self
        copier.timeoutSeconds = copyTimeoutSeconds
        _ = try await copier.run(["convert", "-q", "-f", sourceFormat, "-O", format, source, target])
    }

    /// Copies the image at `source` (a path or an `nfs://` URL, qcow2 or raw) into a new qcow2 image at
    /// `target`, grown to `minimumSizeBytes` when the image is smaller, and returns the copy's virtual size.
    /// Images that would bring other files into the copy are refused (see `acceptCopySource`). On failure
    /// `target` may exist half-written; the caller removes it.
    /// With `declaredFormat` (the format the image was registered as) qemu-img opens the image as that format
    /// only, never guessing it from the contents, and a file that is not in that format is refused.
    public func copy(_ source: String, declaredFormat: String? = nil, to target: String, minimumSizeBytes: Int64) async throws -> Int64 {
        let image: QemuImageInfo
        do {
            image = try await info(source, format: declaredFormat)
        } catch let error as QemuImgError where declaredFormat != nil {
            throw HypervisorError(.invalidArgument, "image \(source) cannot be copied: it is not a \(declaredFormat ?? "") image (\(error.message))")
        }
        try Self.acceptCopySource(image, location: source)
        try await convert(source, sourceFormat: image.format, to: target, format: "qcow2")
        if image.virtualSize < minimumSizeBytes {
            try await resize(target, format: "qcow2", sizeBytes: minimumSizeBytes)
            return minimumSizeBytes
        }
        return image.virtualSize
    }

    /// Throws unless `image` is raw, or qcow2 without a backing file, external data file or encryption. Image
    /// files come from users: a backing file or data file naming a host path would copy that file into a
    /// guest's disk, and other formats (vmdk descriptors, for one) can name host files too.
    public static func acceptCopySource(_ image: QemuImageInfo, location: String) throws {
        let reason: String? =
            if !["qcow2", "raw"].contains(image.format) { "its format is \(image.format), not qcow2 or raw" }
            else if let backing = image.backingFilename { "it has a backing file (\(backing))" }
            else if let dataFile = image.dataFile { "it has an external data file (\(dataFile))" }
            else if image.encrypted == true { "it is encrypted" }
            else { nil }
        if let reason {
            throw HypervisorError(.invalidArgument, "image \(location) cannot be copied: \(reason)")
        }
    }

    /// Runs qemu-img with `arguments` and returns its standard output; throws `QemuImgError` with its
    /// standard error when it fails. Output goes to temporary files, so a chatty child can never block
    /// on a full pipe, and the calling task only suspends while waiting. Cancelling the caller kills the
    /// child, and the call throws `CancellationError`.
    func run(_ arguments: [String]) async throws -> Data {
        let (program, programArguments) = limits.map { $0.wrapping(executable, arguments, cpuSeconds: timeoutSeconds) }
            ?? (executable, arguments)
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
        process.executableURL = URL(fileURLWithPath: program)
        process.arguments = programArguments
        process.standardInput = FileHandle.nullDevice
        process.standardOutput = output
        process.standardError = errors

        let watch = QemuImgWatch()
        process.terminationHandler = { finished in
            watch.exited(with: finished.terminationStatus)
        }
        do {
            try process.run()
        } catch {
            process.terminationHandler = nil
            try? output.close()
            try? errors.close()
            throw QemuImgError(arguments: arguments, status: -1, message: "cannot start \(executable): \(error)")
        }
        let status = await watch.waitForExit(pid: process.processIdentifier, limit: .seconds(timeoutSeconds))
        try? output.close()
        try? errors.close()
        if watch.stoppedForCancellation.load(ordering: .sequentiallyConsistent) {
            throw CancellationError()
        }
        if watch.timedOut.load(ordering: .sequentiallyConsistent) {
            throw QemuImgError(arguments: arguments, status: status,
                               message: "stopped after \(timeoutSeconds) s without finishing")
        }
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

/// What `qemu-img info --output=json` says about an image.
public struct QemuImageInfo: Sendable, Equatable, Decodable {
    public var format: String
    public var virtualSize: Int64
    /// Bytes the image occupies on its storage; nil when qemu cannot tell.
    public var actualSize: Int64?
    public var backingFilename: String?
    /// The external data file of a qcow2 image, when it has one.
    public var dataFile: String?
    public var encrypted: Bool?

    public init(format: String, virtualSize: Int64, actualSize: Int64? = nil, backingFilename: String? = nil,
                dataFile: String? = nil, encrypted: Bool? = nil) {
        self.format = format
        self.virtualSize = virtualSize
        self.actualSize = actualSize
        self.backingFilename = backingFilename
        self.dataFile = dataFile
        self.encrypted = encrypted
    }

    enum CodingKeys: String, CodingKey {
        case format
        case virtualSize = "virtual-size"
        case actualSize = "actual-size"
        case backingFilename = "backing-filename"
        case formatSpecific = "format-specific"
        case encrypted
    }

    /// `format-specific`: its `data` holds `data-file` for qcow2.
    private struct FormatSpecific: Decodable {
        struct Details: Decodable {
            var dataFile: String?

            enum CodingKeys: String, CodingKey {
                case dataFile = "data-file"
            }
        }

        var data: Details?
    }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        format = try container.decode(String.self, forKey: .format)
        virtualSize = try container.decode(Int64.self, forKey: .virtualSize)
        actualSize = try container.decodeIfPresent(Int64.self, forKey: .actualSize)
        backingFilename = try container.decodeIfPresent(String.self, forKey: .backingFilename)
        // Only qcow2 describes its data file here; other formats put other shapes under `data`.
        dataFile = (try? container.decodeIfPresent(FormatSpecific.self, forKey: .formatSpecific))??.data?.dataFile
        encrypted = try container.decodeIfPresent(Bool.self, forKey: .encrypted)
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
