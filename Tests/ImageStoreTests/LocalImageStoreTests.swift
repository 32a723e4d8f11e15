import Foundation
import ImageStore
import ImageTransfer
import Testing

/// A `file:///` store in a temporary directory: streaming writes, reads, renames and removals.
@Suite struct LocalImageStoreTests {
    static func withStore(_ body: (any ImageStoreAccess, String) async throws -> Void) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-image-store-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let store = try StoreURLOpener().open(url: "file://\(root)", protocolName: "file")
        try await store.checkWritable()
        try await body(store, root)
        await store.close()
    }

    static func pattern(_ count: Int, seed: UInt8 = 0) -> [UInt8] {
        (0..<count).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ Int(seed)) }
    }

    @Test func writesInPiecesOfAnySizeAndReadsBack() async throws {
        try await Self.withStore { store, root in
            // Small pieces, one larger than the writer's chunk, and a tail.
            let pieces = [Self.pattern(1000), Self.pattern(5 << 20, seed: 1), Self.pattern(3, seed: 2), Self.pattern(70_000, seed: 3)]
            let writer = try await store.openWriter("template/tmpl/2/t1/t1.iso.part-1")
            for piece in pieces { try await writer.write(piece) }
            try await writer.close()
            let expected = pieces.flatMap { $0 }
            #expect(try await store.size(of: "template/tmpl/2/t1/t1.iso.part-1") == UInt64(expected.count))

            let reader = try await store.openReader("template/tmpl/2/t1/t1.iso.part-1")
            #expect(reader.expectedSize == UInt64(expected.count))
            var read: [UInt8] = []
            while true {
                let bytes = try await reader.read(max: 1 << 20)
                if bytes.isEmpty { break }
                read += bytes
            }
            await reader.close()
            #expect(read == expected)
            #expect(try await store.read("template/tmpl/2/t1/t1.iso.part-1", offset: 1000, count: 4) == Array(pieces[1].prefix(4)))
            #expect(FileManager.default.fileExists(atPath: root + "/template/tmpl/2/t1/t1.iso.part-1"))
        }
    }

    @Test func renamesAndRemovesFilesAndTrees() async throws {
        try await Self.withStore { store, _ in
            let writer = try await store.openWriter("template/tmpl/2/t1/t1.part")
            try await writer.write(Self.pattern(10))
            try await writer.close()
            try await store.rename("template/tmpl/2/t1/t1.part", to: "template/tmpl/2/t1/t1.qcow2")
            #expect(try await store.size(of: "template/tmpl/2/t1/t1.part") == nil)
            #expect(try await store.size(of: "template/tmpl/2/t1/t1.qcow2") == 10)
            try await store.remove("template/tmpl/2/t1/missing")
            try await store.removeTree("template/tmpl/2/t1")
            #expect(try await store.size(of: "template/tmpl/2/t1/t1.qcow2") == nil)
            try await store.removeTree("template/tmpl/2/t1")
        }
    }

    @Test func pathsCannotLeaveTheStore() async throws {
        try await Self.withStore { store, _ in
            await #expect(throws: ImageStoreError.self) { try await store.openWriter("../escape") }
            await #expect(throws: ImageStoreError.self) { try await store.removeTree("") }
        }
    }

    @Test func onlyFileURLsAreLocalStores() {
        #expect(throws: ImageStoreError.self) { try StoreURLOpener().open(url: "http://198.18.0.10/store", protocolName: "file") }
    }
}
