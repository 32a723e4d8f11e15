import Foundation
@testable import Hypervisor
import Testing

/// The time limit and cancellation of `QemuImg` calls, with a stand-in for qemu-img that never finishes.
@Suite("qemu-img watchdog")
struct QemuImgWatchdogTests {
    /// A script that prints `output` and exits, or sleeps for a minute when `output` is nil.
    static func standIn(printing output: String? = nil) throws -> String {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-qemu-img-\(UUID().uuidString).sh").path
        let body = output.map { "printf '%s' '\($0)'" } ?? "exec sleep 60"
        try "#!/bin/sh\n\(body)\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        return path
    }

    @Test func aCallThatEndsInTimeAnswers() async throws {
        let script = try Self.standIn(printing: #"{"format": "raw", "virtual-size": 1024}"#)
        defer { try? FileManager.default.removeItem(atPath: script) }
        let info = try await QemuImg(executable: script, timeoutSeconds: 30).info("disk.img")
        #expect(info == QemuImageInfo(format: "raw", virtualSize: 1024))
    }

    @Test func aCallPastItsTimeLimitIsKilledAndFails() async throws {
        let script = try Self.standIn()
        defer { try? FileManager.default.removeItem(atPath: script) }
        let elapsed = await ContinuousClock().measure {
            let error = await #expect(throws: QemuImgError.self) {
                try await QemuImg(executable: script, timeoutSeconds: 1).info("disk.img")
            }
            #expect(error?.message == "stopped after 1 s without finishing")
        }
        #expect(elapsed >= .seconds(1))
        #expect(elapsed < .seconds(30))
    }

    @Test func cancellingTheCallerKillsTheChild() async throws {
        let script = try Self.standIn()
        defer { try? FileManager.default.removeItem(atPath: script) }
        let call = Task { try await QemuImg(executable: script, timeoutSeconds: 300).info("disk.img") }
        try await Task.sleep(for: .milliseconds(200))
        let elapsed = await ContinuousClock().measure {
            call.cancel()
            await #expect(throws: CancellationError.self) { try await call.value }
        }
        #expect(elapsed < .seconds(30))
    }
}

/// qemu-img runs under prlimit's address-space and CPU bounds.
@Suite("qemu-img limits")
struct QemuImgLimitsTests {
    @Test func theChildRunsUnderTheLimits() async throws {
        // A stand-in that prints its own limits as prlimit reports them.
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-limits-\(UUID().uuidString).sh").path
        try "#!/bin/sh\nexec /usr/bin/prlimit --pid $$ --output RESOURCE,SOFT --noheadings\n".write(toFile: path, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: path)
        defer { try? FileManager.default.removeItem(atPath: path) }
        var tool = QemuImg(executable: path, timeoutSeconds: 42)
        tool.limits = ProcessLimits(addressSpaceBytes: 1 << 30)
        let output = String(decoding: try await tool.run(["info"]), as: UTF8.self)
        let limits = Dictionary(output.split(separator: "\n").map { line -> (String, String) in
            let parts = line.split(separator: " ", omittingEmptySubsequences: true)
            return (String(parts.first ?? ""), String(parts.last ?? ""))
        }, uniquingKeysWith: { $1 })
        #expect(limits["AS"] == String(1 << 30), "\(output)")
        #expect(limits["CPU"] == "42", "\(output)")
    }
}
