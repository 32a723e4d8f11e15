import ImageTransfer
import NFSClient

/// Streams into a file on an NFS export.
struct NFSImageFileWriter: ImageFileWriter {
    let writer: NFSFileWriter

    func write(_ bytes: [UInt8]) async throws {
        try await nfsCall { try await writer.write(bytes) }
    }

    func close() async throws {
        try await nfsCall { try await writer.close() }
    }
}

/// Streams from a file on an NFS export.
struct NFSImageFileReader: ImageReader {
    let reader: NFSFileReader
    var expectedSize: UInt64? { reader.size }

    func read(max: Int) async throws -> [UInt8] {
        try await nfsCall { try await reader.read(max: max) }
    }

    func close() async {
        try? await reader.close()
    }
}
