import Foundation
import Logging
import NIOPosix
import SQLKit
import SQLiteKit

/// The management server's database: a SQLite file in WAL mode, written through
/// one serialised connection and read through another. All SQL goes through
/// SQLKit builders so the same code can run on PostgreSQL.
public final class Database: Sendable {
    private let writeConnection: SQLiteConnection
    private let readConnection: SQLiteConnection
    private let writeLock = AsyncLock()
    private let readCache = ReadCache()
    let logger: Logger

    /// Reads outside a transaction: single statements over committed data.
    public let read: Store

    private init(writer: SQLiteConnection, reader: SQLiteConnection, logger: Logger) {
        writeConnection = writer
        readConnection = reader
        self.logger = logger
        read = Store(reader.sql(queryLogLevel: nil), cache: readCache, readLock: writer === reader ? nil : AsyncLock())
    }

    /// Opens (creating if needed) the database file and brings its schema up to date. The file and its
    /// WAL companions are readable by their owner only: they hold API secret keys.
    public static func open(path: String, logger: Logger) async throws -> Database {
        try DatabaseFiles.createPrivately(path)
        let writer = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        for pragma in ["PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL", "PRAGMA foreign_keys=ON", "PRAGMA busy_timeout=5000"] {
            try await writer.sql().raw(SQLQueryString(pragma)).run()
        }
        try DatabaseFiles.restrict(path)
        let reader = try await SQLiteConnection.open(storage: .file(path: path), logger: logger)
        try await reader.sql().raw("PRAGMA busy_timeout=5000").run()
        let db = Database(writer: writer, reader: reader, logger: logger)
        try await MigrationRunner(migrations: Migrations.all).run(on: db)
        return db
    }

    /// An in-memory database for tests (one connection serves reads and writes).
    public static func inMemory(logger: Logger = Logger(label: "cumulo.db")) async throws -> Database {
        let connection = try await SQLiteConnection.open(storage: .memory, logger: logger)
        let db = Database(writer: connection, reader: connection, logger: logger)
        try await MigrationRunner(migrations: Migrations.all).run(on: db)
        return db
    }

    /// Runs `body` in a transaction on the write connection; it commits when `body`
    /// returns and rolls back when it throws.
    public func transaction<T: Sendable>(_ body: @Sendable (Store) async throws -> T) async throws -> T {
        await writeLock.lock()
        let sql = writeConnection.sql(queryLogLevel: nil)
        do {
            try await sql.raw("BEGIN IMMEDIATE").run()
            let result = try await body(Store(sql))
            try await sql.raw("COMMIT").run()
            readCache.invalidate()
            await writeLock.unlock()
            return result
        } catch {
            try? await sql.raw("ROLLBACK").run()
            // A failed COMMIT may still have written; never keep results across it.
            readCache.invalidate()
            await writeLock.unlock()
            throw error
        }
    }

    public func close() async {
        try? await readConnection.close()
        if readConnection !== writeConnection {
            try? await writeConnection.close()
        }
    }
}
