import Foundation
import Logging
@testable import Persistence
import Testing

/// The database and its WAL companions are readable by their owner only, also when an older version left them open.
@Suite struct DatabaseFilesTests {
    static func mode(_ path: String) throws -> Int {
        (try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? NSNumber)?.intValue ?? -1
    }

    @Test func aNewDatabaseAndItsCompanionsAreOwnerOnly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-db-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/cumulo.db"
        let db = try await Database.open(path: path, logger: Logger(label: "test"))
        let files = DatabaseFiles.companions(of: path).filter { FileManager.default.fileExists(atPath: $0) }
        #expect(files.contains(path + "-wal"), "the database runs in WAL mode")
        for file in files { #expect(try Self.mode(file) == 0o600, "\(file)") }
        await db.close()
    }

    @Test func anExistingWorldReadableDatabaseIsRestricted() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("cumulo-db-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/cumulo.db"
        await (try await Database.open(path: path, logger: Logger(label: "test"))).close()
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: path)
        let db = try await Database.open(path: path, logger: Logger(label: "test"))
        #expect(try Self.mode(path) == 0o600)
        await db.close()
    }
}
