import Foundation
import Hypervisor
@testable import HypervisorLibvirt
import Logging
import Synchronization
import Testing

/// Environment switches for the tests that need a real libvirtd or an NFS export.
enum TestEnvironment {
    static func value(_ name: String) -> String? {
        guard let value = ProcessInfo.processInfo.environment[name], !value.isEmpty else { return nil }
        return value
    }

    /// e.g. `qemu:///system`; tests against a real libvirtd run only when set.
    static var libvirtURI: String? { value("CUMULO_TEST_LIBVIRT_URI") }
    /// e.g. `nfs://127.0.0.1/srv/nfs/primary`.
    static var nfsURL: String? { value("CUMULO_TEST_NFS_URL") }
    /// e.g. `/srv/nfs/secondary`: a second export of the NFS server of `nfsURL`, also a local directory here.
    static var secondaryExport: String? { value("CUMULO_TEST_NFS_SECONDARY_EXPORT") }

    /// Server and export path of `nfsURL`.
    static var nfsExport: (server: String, path: String)? {
        guard let url = nfsURL.flatMap(URL.init(string:)), let server = url.host, !url.path.isEmpty else { return nil }
        return (server, url.path)
    }

    /// The bootable test ISO of `scripts/build-test-iso.sh` (a Linux guest): `CUMULO_TEST_ISO`, else the
    /// script's default output when it was built.
    static var testISO: String? {
        if let given = value("CUMULO_TEST_ISO") { return given }
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let built = repository.appendingPathComponent("build/test-iso/cumulo-test.iso").path
        return FileManager.default.fileExists(atPath: built) ? built : nil
    }

    static let logger: Logger = {
        var logger = Logger(label: "cumulo.test.libvirt")
        logger.logLevel = .warning
        return logger
    }()
}

/// Opens a driver, runs `body`, and closes the driver even when `body` throws.
func withDriver<T>(_ uri: String, diskRemovalTimeout: Duration = .seconds(10), _ body: (LibvirtDriver) async throws -> T) async throws -> T {
    let driver = try await LibvirtDriver.open(uri: uri, logger: TestEnvironment.logger, diskRemovalTimeout: diskRemovalTimeout)
    do {
        let result = try await body(driver)
        await driver.close()
        return result
    } catch {
        await driver.close()
        throw error
    }
}

/// Runs `body`, then `cleanup`, also when `body` throws.
func withCleanup<T>(_ body: () async throws -> T, cleanup: () async -> Void) async throws -> T {
    do {
        let result = try await body()
        await cleanup()
        return result
    } catch {
        await cleanup()
        throw error
    }
}

/// Collects the events of one `events()` stream in the background.
final class EventRecorder: Sendable {
    private final class Log: Sendable {
        let items = Mutex<[DomainEvent]>([])
    }

    private let log = Log()
    private let task: Task<Void, Never>

    init(_ stream: AsyncStream<DomainEvent>) {
        let log = self.log
        task = Task {
            for await event in stream {
                log.items.withLock { $0.append(event) }
            }
        }
    }

    var events: [DomainEvent] { log.items.withLock { $0 } }

    func events(for domain: String) -> [DomainEvent.Kind] {
        events.filter { $0.domain == domain }.map(\.kind)
    }

    /// Waits until an event of `kind` for `domain` arrived, up to `timeout`.
    func waitFor(_ domain: String, _ kind: DomainEvent.Kind, timeout: Duration = .seconds(10)) async -> Bool {
        await eventually(timeout: timeout) { events.contains(DomainEvent(domain: domain, kind: kind)) }
    }

    func stop() { task.cancel() }

    deinit { task.cancel() }
}

/// Polls `condition` until it holds or `timeout` passes.
func eventually(timeout: Duration = .seconds(10), _ condition: () async throws -> Bool) async rethrows -> Bool {
    let deadline = ContinuousClock.now + timeout
    while ContinuousClock.now < deadline {
        if try await condition() { return true }
        try? await Task.sleep(for: .milliseconds(100))
    }
    return try await condition()
}

/// Runs a command and returns its exit status and combined output. The waiting happens on a thread of its
/// own, so tests running beside it keep Swift's cooperative pool.
@discardableResult
func runCommand(_ executable: String, _ arguments: [String]) async throws -> (status: Int32, output: String) {
    try await onOwnThread { try runCommandBlocking(executable, arguments) }
}

/// `runCommand` for synchronous helpers; it holds the calling thread until the command ends.
@discardableResult
func runCommandBlocking(_ executable: String, _ arguments: [String]) throws -> (status: Int32, output: String) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: executable)
    process.arguments = arguments
    let pipe = Pipe()
    process.standardOutput = pipe
    process.standardError = pipe
    try process.run()
    let data = pipe.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return (process.terminationStatus, String(decoding: data, as: UTF8.self))
}

/// Runs blocking `work` on a new thread and waits for it without holding a thread of the cooperative pool.
func onOwnThread<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
    try await withCheckedThrowingContinuation { done in
        Thread { done.resume(with: Result { try work() }) }.start()
    }
}

/// Builds a small ISO 9660 image with one text file.
func makeISO(at path: String, label: String = "CUMULOTEST") async throws {
    let source = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-test-iso-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: source, withIntermediateDirectories: true)
    defer { try? FileManager.default.removeItem(at: source) }
    try Data("hello from cumulo\n".utf8).write(to: source.appendingPathComponent("README.TXT"))
    let result = try await runCommand("/usr/bin/genisoimage", ["-quiet", "-V", label, "-o", path, source.path])
    guard result.status == 0 else { throw HypervisorError(.failed, "genisoimage failed: \(result.output)") }
    try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
}

/// A fixed, per-test directory under the system temp directory (fixed so a rerun can clean up leftovers).
func testDirectory(_ name: String) -> String {
    FileManager.default.temporaryDirectory.appendingPathComponent(name, isDirectory: true).path
}

/// Destroys and undefines a domain, ignoring errors (cleanup).
func scrubDomain(_ driver: LibvirtDriver, _ name: String) async {
    if let state = try? await driver.state(domain: name), state.isActive {
        try? await driver.destroy(domain: name)
    }
    try? await driver.undefine(domain: name)
}

/// Deletes every volume of a pool and removes the pool, ignoring errors (cleanup).
func scrubPool(_ driver: LibvirtDriver, _ name: String) async {
    if let volumes = try? await driver.listVolumes(pool: name) {
        for volume in volumes {
            try? await driver.deleteVolume(pool: name, name: volume.name)
        }
    }
    try? await driver.remove(pool: name)
}
