import Foundation
import NFSClient

/// The export named by CUMULO_TEST_NFS_URL (e.g. nfs://127.0.0.1/srv/nfs/primary), when set.
enum NFSTestExport {
    static let url: String? = {
        guard let value = ProcessInfo.processInfo.environment["CUMULO_TEST_NFS_URL"], !value.isEmpty else { return nil }
        return value
    }()

    static var isConfigured: Bool { url != nil }

    /// A fresh directory name for one test.
    static func uniqueDirectory(_ purpose: String) -> String {
        "cumulo-nfsclient-\(purpose)-\(UUID().uuidString.prefix(8).lowercased())"
    }

    /// Mounts the test export, creates a unique directory, runs `body` and removes the directory.
    static func withDirectory(_ purpose: String, configuration: NFSExport.Configuration = .init(),
                              _ body: (NFSExport, String) async throws -> Void) async throws {
        let export = try NFSExport(url: url!, configuration: configuration)
        let directory = uniqueDirectory(purpose)
        try await export.mkdirs(directory)
        do {
            try await body(export, directory)
        } catch {
            _ = try? await export.removeTree(directory)
            await export.close()
            throw error
        }
        try await export.removeTree(directory)
        await export.close()
    }

    /// Deterministic bytes that differ from chunk to chunk.
    static func pattern(count: Int, seed: UInt64 = 0x9E37_79B9_7F4A_7C15) -> [UInt8] {
        var state = seed
        var bytes = [UInt8](repeating: 0, count: count)
        bytes.withUnsafeMutableBytes { buffer in
            var index = 0
            while index + 8 <= buffer.count {
                state = state &* 6364136223846793005 &+ 1442695040888963407
                buffer.storeBytes(of: state, toByteOffset: index, as: UInt64.self)
                index += 8
            }
            while index < buffer.count {
                buffer[index] = UInt8(truncatingIfNeeded: index)
                index += 1
            }
        }
        return bytes
    }
}
