import Testing
import NFSClient

@Suite("NFS export against a real server", .enabled(if: NFSTestExport.isConfigured, "set CUMULO_TEST_NFS_URL"))
struct NFSExportLiveTests {
    @Test func mountsAndReportsCapacity() async throws {
        let export = try NFSExport(url: NFSTestExport.url!)
        try await export.mount()
        let stats = try await export.statvfs()
        #expect(stats.totalBytes > 0)
        #expect(stats.availableBytes > 0)
        #expect(stats.freeBytes >= stats.availableBytes)
        #expect(stats.usedBytes <= stats.totalBytes)
        await export.close()
    }

    @Test func writesAndReadsBackAFewMebibytes() async throws {
        try await NFSTestExport.withDirectory("rw") { export, directory in
            let path = "\(directory)/nested/deeper/data.bin"
            try await export.mkdirs("\(directory)/nested/deeper")
            // Odd sizes cross chunk boundaries in both directions.
            let contents = NFSTestExport.pattern(count: 5 * 1024 * 1024 + 12345)
            let writer = try await export.openForWriting(path)
            var offset = 0
            for size in [1, 4095, 1 << 20, 3 << 20, 777] {
                try await writer.write(contents[offset..<offset + size])
                offset += size
            }
            try await writer.write(contents[offset...])
            #expect(await writer.bytesWritten == UInt64(contents.count))
            try await writer.close()

            let info = try #require(try await export.stat(path))
            #expect(info.type == .file)
            #expect(info.size == UInt64(contents.count))
            #expect(try await export.readFile(path) == contents)

            let reader = try await export.openForReading(path)
            #expect(reader.size == UInt64(contents.count))
            var back: [UInt8] = []
            while true {
                let chunk = try await reader.read(max: 1_000_000)
                if chunk.isEmpty { break }
                back += chunk
            }
            try await reader.close()
            #expect(back == contents)
            #expect(try await export.read(path, offset: 10, count: 6) == Array(contents[10..<16]))
        }
    }

    @Test func arraysOfWholeChunksAreSentAsTheyAre() async throws {
        try await NFSTestExport.withDirectory("arrays", configuration: .init(writeChunkSize: 64 << 10)) { export, directory in
            let path = "\(directory)/arrays.bin"
            let contents = NFSTestExport.pattern(count: 300_000)
            let writer = try await export.openForWriting(path)
            // One chunk and two chunks with nothing buffered (sent as they are), then pieces that go through the buffer.
            var offset = 0
            for size in [64 << 10, 128 << 10, 100, 64 << 10, 300_000 - (64 << 10) * 4 - 100] {
                try await writer.write(Array(contents[offset..<offset + size]))
                offset += size
            }
            #expect(await writer.bytesWritten == UInt64(contents.count))
            try await writer.close()
            #expect(try await export.readFile(path) == contents)
        }
    }

    @Test func writeModes() async throws {
        try await NFSTestExport.withDirectory("modes") { export, directory in
            let path = "\(directory)/file"
            try await export.writeFile(path, contents: Array("hello ".utf8))
            let appender = try await export.openForWriting(path, mode: .append)
            try await appender.write(Array("world".utf8))
            try await appender.close()
            #expect(try await export.readFile(path) == Array("hello world".utf8))

            await #expect(throws: NFSError.self) { _ = try await export.openForWriting(path, mode: .createNew) }
            try await export.writeFile(path, contents: Array("new".utf8))
            #expect(try await export.readFile(path) == Array("new".utf8))

            try await export.writeFile("\(directory)/made/on/the/way", contents: [1, 2, 3], createParents: true)
            #expect(try await export.stat("\(directory)/made/on")?.type == .directory)
        }
    }

    @Test func listsRenamesAndRemoves() async throws {
        try await NFSTestExport.withDirectory("ops") { export, directory in
            try await export.writeFile("\(directory)/b.txt", contents: Array("bee".utf8))
            try await export.writeFile("\(directory)/a.txt", contents: Array("a".utf8))
            try await export.mkdirs("\(directory)/sub/inner")
            let names = try await export.list(directory).map(\.name)
            #expect(names == ["a.txt", "b.txt", "sub"])
            let entries = try await export.list(directory)
            #expect(entries.first { $0.name == "b.txt" }?.size == 3)
            #expect(entries.first { $0.name == "sub" }?.type == .directory)

            try await export.rename("\(directory)/b.txt", to: "\(directory)/sub/inner/c.txt")
            #expect(try await export.stat("\(directory)/b.txt") == nil)
            #expect(try await export.readFile("\(directory)/sub/inner/c.txt") == Array("bee".utf8))

            #expect(try await export.remove("\(directory)/a.txt"))
            #expect(try await export.remove("\(directory)/a.txt") == false)
            #expect(try await export.removeTree("\(directory)/sub"))
            #expect(try await export.removeTree("\(directory)/sub") == false)
            #expect(try await export.list(directory).isEmpty)
            await #expect(throws: NFSError.self) { try await export.removeTree("/") }
        }
    }

    @Test func checksWritability() async throws {
        try await NFSTestExport.withDirectory("probe") { export, directory in
            try await export.checkWritable()
            try await export.checkWritable(directory: directory)
            #expect(try await export.list(directory).isEmpty)
        }
    }

    @Test func missingFilesAreNilOrNotFound() async throws {
        try await NFSTestExport.withDirectory("missing") { export, directory in
            #expect(try await export.stat("\(directory)/nope") == nil)
            do {
                _ = try await export.openForReading("\(directory)/nope")
                Issue.record("opening a missing file succeeded")
            } catch let error as NFSError {
                #expect(error.isNotFound, "\(error)")
                #expect(error.description.contains("\(directory)/nope"), "\(error)")
            }
        }
    }

    @Test func missingExportGivesReadableError() async throws {
        let address = try NFSExportAddress(url: NFSTestExport.url!)
        let missing = "/cumulo-no-such-export-\(NFSTestExport.uniqueDirectory("x"))"
        let export = try NFSExport(server: address.server, exportPath: missing)
        defer { Task { await export.close() } }
        do {
            try await export.mount()
            Issue.record("mounting \(missing) succeeded")
        } catch let error as NFSError {
            #expect(error.operation == "mount")
            #expect(error.errno < 0)
            #expect(error.description.contains(address.server), "\(error)")
            #expect(error.description.contains(missing), "\(error)")
            #expect(!error.message.isEmpty)
        }
        // Every other call fails the same way instead of hanging.
        await #expect(throws: NFSError.self) { _ = try await export.statvfs() }
    }

    @Test func unreachableServerGivesReadableError() async throws {
        // Nothing listens on port 1 of the loopback address; fixed ports skip the portmapper.
        let export = try NFSExport(url: "nfs://127.0.0.1/srv/nfs/primary?nfsport=1&mountport=1")
        defer { Task { await export.close() } }
        do {
            _ = try await export.statvfs()
            Issue.record("reaching 127.0.0.1 port 1 succeeded")
        } catch let error as NFSError {
            #expect(error.operation == "mount")
            #expect(error.errno < 0)
            #expect(error.description.contains("nfs://127.0.0.1/srv/nfs/primary"), "\(error)")
        }
    }

    @Test func closedExportRefusesCalls() async throws {
        let export = try NFSExport(url: NFSTestExport.url!)
        try await export.mount()
        await export.close()
        do {
            _ = try await export.statvfs()
            Issue.record("a closed export answered")
        } catch let error as NFSError {
            #expect(error.message.contains("closed"), "\(error)")
        }
    }

    @Test func abandonedExportsAndFilesAreCleanedUp() async throws {
        let directory = NFSTestExport.uniqueDirectory("abandoned")
        do {
            // Neither the writer nor the export is closed: dropping them must free the handle, the
            // context and the thread without tripping anything.
            let export = try NFSExport(url: NFSTestExport.url!)
            let writer = try await export.openForWriting("\(directory)/left-open", createParents: true)
            try await writer.write([1, 2, 3])
            try await writer.flush()
        }
        let export = try NFSExport(url: NFSTestExport.url!)
        #expect(try await export.stat("\(directory)/left-open")?.size == 3)
        try await export.removeTree(directory)
        await export.close()
    }

    @Test func severalConnectionsShareTheWork() async throws {
        try await NFSTestExport.withDirectory("pool", configuration: .init(connections: 3)) { export, directory in
            try await withThrowingTaskGroup(of: Void.self) { group in
                for index in 0..<6 {
                    group.addTask {
                        let contents = NFSTestExport.pattern(count: 300_000 + index, seed: UInt64(index + 1))
                        try await export.writeFile("\(directory)/f\(index)", contents: contents)
                        #expect(try await export.readFile("\(directory)/f\(index)") == contents)
                    }
                }
                try await group.waitForAll()
            }
            #expect(try await export.list(directory).count == 6)
        }
    }
}
