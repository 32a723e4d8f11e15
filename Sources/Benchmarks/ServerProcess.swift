import AsyncHTTPClient
import Foundation

/// A `cumulo-server` child process on a temporary data directory and a free loopback port.
final class ServerProcess: Sendable {
    let process: Process
    let port: Int
    let dataDirectory: String
    var pid: Int32 { process.processIdentifier }

    private init(process: Process, port: Int, dataDirectory: String) {
        self.process = process
        self.port = port
        self.dataDirectory = dataDirectory
    }

    static func start(executable: String) async throws -> ServerProcess {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-bench-\(UUID().uuidString)").path
        let port = Int.random(in: 20000..<40000)
        let process = Process()
        process.executableURL = URL(fileURLWithPath: executable)
        process.arguments = ["--data-dir", dir, "--port", String(port), "--bind", "127.0.0.1", "--log-level", "warning"]
        try process.run()
        let server = ServerProcess(process: process, port: port, dataDirectory: dir)
        for _ in 0..<300 {
            if let response = try? await HTTPClient.shared.execute(HTTPClientRequest(url: "http://127.0.0.1:\(port)/health"), timeout: .seconds(1)),
               response.status.code == 200 {
                return server
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        server.stop()
        throw CocoaError(.executableLoad)
    }

    func residentMemoryMB() -> Double? {
        Benchmarks.residentMemoryMB(ofProcess: pid)
    }

    /// User plus system CPU seconds the server has used so far.
    func cpuSeconds() -> Double? {
        // Fields after the command name, which is in parentheses: utime and stime are the 12th and 13th.
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let end = stat.lastIndex(of: ")") else { return nil }
        let fields = stat[stat.index(after: end)...].split(separator: " ")
        guard fields.count > 12, let user = Double(fields[11]), let system = Double(fields[12]) else { return nil }
        return (user + system) / Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    func stop() {
        if process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
        try? FileManager.default.removeItem(atPath: dataDirectory)
    }
}

/// Resident memory of a process, in MB, from /proc.
func residentMemoryMB(ofProcess pid: Int32) -> Double? {
    guard let status = try? String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return nil }
    return kb / 1024
}
