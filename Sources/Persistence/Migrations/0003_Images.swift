import SQLKit

extension Migrations {
    /// Templates and ISOs, where each zone keeps them, who they are shared with, and extract links.
    static let images = Migration("0003_images") { db in
        try await db.createTable("template", [
            .text("name"), .text("display_text"), .bool("is_iso"), .text("format"), .optionalText("hypervisor"),
            .optionalText("os_type_id"), .text("account_id"), .text("domain_id"), .bool("is_public"), .bool("is_featured"),
            .bool("is_extractable"), .bool("bootable"), .bool("password_enabled"), .bool("ssh_key_enabled"),
            .bool("requires_hvm"), .bool("cross_zones"), .text("url"), .optionalText("checksum"), .int("bits"),
            .text("template_type"), .optionalText("template_tag"), .date("created"), .optionalDate("removed"),
        ])
        try await db.createIndex("template_account", on: "template", "account_id")
        try await db.createTable("template_store_ref", [
            .text("template_id"), .text("zone_id"), .text("store_id"), .text("download_state"), .int("download_percent"),
            .int("downloaded_bytes"), .int("size"), .int("physical_size"), .optionalText("install_path"),
            .optionalText("error_string"), .optionalText("source_store_id"), .optionalText("source_path"), .int("attempt"),
            .date("created"), .date("updated"),
        ])
        try await db.createIndex("template_store_ref_template", on: "template_store_ref", "template_id")
        try await db.createIndex("template_store_ref_store", on: "template_store_ref", "store_id")
        try await db.createIndex("template_store_ref_state", on: "template_store_ref", "download_state")
        try await db.createTable("template_permission", [.text("template_id"), .text("account_id")])
        try await db.createIndex("template_permission_template", on: "template_permission", "template_id")
        try await db.createTable("template_extract", [
            .text("template_id"), .text("zone_id"), .text("store_id"), .text("install_path"), .text("account_id"),
            .date("created"), .date("expires"),
        ])
    }
}
