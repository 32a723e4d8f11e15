import Foundation
import SQLKit

/// Applies pending migrations in order, each in its own transaction, and
/// records their names in `schema_migration`.
struct MigrationRunner {
    let migrations: [Migration]

    func run(on db: Database) async throws {
        precondition(Set(migrations.map(\.name)).count == migrations.count, "duplicate migration names")
        try await db.transaction { store in
            try await store.sql.create(table: "schema_migration").ifNotExists()
                .column("name", type: .text, .primaryKey(autoIncrement: false), .notNull)
                .column("applied_at", type: .timestamp, .notNull)
                .run()
        }
        let applied = try await db.read.sql.select().column("name").from("schema_migration").all()
            .map { try $0.decode(column: "name", as: String.self) }
        for migration in migrations where !applied.contains(migration.name) {
            try await db.transaction { store in
                try await migration.apply(store.sql)
                try await store.sql.insert(into: "schema_migration").columns("name", "applied_at")
                    .values(SQLBind(migration.name), SQLBind(Date())).run()
            }
            db.logger.info("applied migration \(migration.name)")
        }
    }
}
