import SQLKit

extension Migrations {
    /// Agent credentials and which hosts reach which primary storage pools.
    static let agentSessions = Migration("0002_agent_sessions") { db in
        try await db.createTable("agent_credential", [
            .text("token_hash"), .text("host_name"), .text("registered_from"), .date("created"), .optionalDate("revoked"),
        ])
        try await db.createTable("storage_pool_host", [
            .text("pool_id"), .text("host_id"), .optionalText("error"), .date("updated"),
        ])
        try await db.createIndex("storage_pool_host_host", on: "storage_pool_host", "host_id")
        try await db.createIndex("host_guid", on: "host", "guid")
    }
}
