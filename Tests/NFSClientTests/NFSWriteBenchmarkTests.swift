import Foundation
import Testing
import NFSClient

/// Writes 256 MiB through NFSFileWriter and with `nfs-cp` to the same export and prints both rates.
/// Runs only when CUMULO_TEST_NFS_URL and CUMULO_TEST_NFS_BENCH are set (it moves half a GiB).
@Suite("NFS write throughput", .enabled(if: NFSTestExport.isConfigured
    && ProcessInfo.processInfo.environment["CUMULO_TEST_NFS_BENCH"] != nil, "set CUMULO_TEST_NFS_BENCH"))
struct NFSWriteBenchmarkTests {
    static let size = 256 * 1024 * 1024
    /// The size of the pieces handed to the writer, like the body parts of an HTTP download.
    static let pieceSize = 64 * 1024

    @Test func writerVersusNFSCopy() async throws {
        let environment = ProcessInfo.processInfo.environment
        let chunk = environment["CUMULO_TEST_NFS_BENCH_CHUNK"].flatMap(Int.init) ?? NFSExport.Configuration().writeChunkSize
        let commit = environment["CUMULO_TEST_NFS_BENCH_NO_COMMIT"] == nil
        let contents = NFSTestExport.pattern(count: Self.size)
        let local = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-nfs-bench-\(UUID().uuidString).bin")
        try Data(contents).write(to: local)
        defer { try? FileManager.default.removeItem(at: local) }

        let rounds = environment["CUMULO_TEST_NFS_BENCH_ROUNDS"].flatMap(Int.init) ?? 3
        try await NFSTestExport.withDirectory("bench", configuration: .init(writeChunkSize: chunk, commitOnClose: commit)) { export, directory in
            // Alternate which goes first: the server's disk is still flushing the previous file.
            for round in 1...rounds {
                var writerTime = Duration.zero
                var copyTime = Duration.zero
                for first in [round % 2 == 1, round % 2 == 0] {
                    if first {
                        writerTime = try await Self.timeWriter(export, path: "\(directory)/writer.bin", contents: contents)
                    } else {
                        copyTime = try Self.timeCopy(local.path, to: try export.url(for: "\(directory)/nfs-cp.bin"))
                    }
                }
                #expect(try await export.stat("\(directory)/writer.bin")?.size == UInt64(Self.size))
                #expect(try await export.stat("\(directory)/nfs-cp.bin")?.size == UInt64(Self.size))
                let tail = try await export.read("\(directory)/writer.bin", offset: UInt64(Self.size - 4096), count: 4096)
                #expect(tail == Array(contents[(Self.size - 4096)...]))
                print("256 MiB round \(round): NFSFileWriter (chunk \(chunk / 1024) KiB, commit \(commit)) \(Self.rate(writerTime)); nfs-cp \(Self.rate(copyTime))")
                try await export.remove("\(directory)/writer.bin")
                try await export.remove("\(directory)/nfs-cp.bin")
            }
        }
    }

    static func timeWriter(_ export: NFSExport, path: String, contents: [UInt8]) async throws -> Duration {
        let clock = ContinuousClock()
        let start = clock.now
        let writer = try await export.openForWriting(path)
        var offset = 0
        while offset < contents.count {
            let end = min(offset + pieceSize, contents.count)
            try await writer.write(contents[offset..<end])
            offset = end
        }
        try await writer.close()
        return clock.now - start
    }

    static func timeCopy(_ source: String, to url: String) throws -> Duration {
        let copy = Process()
        copy.executableURL = URL(fileURLWithPath: "/usr/bin/nfs-cp")
        copy.arguments = [source, url]
        copy.standardOutput = FileHandle.nullDevice
        let clock = ContinuousClock()
        let start = clock.now
        try copy.run()
        copy.waitUntilExit()
        let elapsed = clock.now - start
        #expect(copy.terminationStatus == 0)
        return elapsed
    }

    static func rate(_ duration: Duration) -> String {
        let seconds = Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
        return String(format: "%.3f s, %.0f MiB/s", seconds, Double(size) / 1048576 / seconds)
    }
}
