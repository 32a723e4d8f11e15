import SQLKit

extension Migrations {
    /// Virtual machines, their volumes and NICs, instance-name counters, and what hosts and pools have promised.
    static let instances = Migration("0005_instances") { db in
        try await db.createTable("vm_instance", [
            .text("name"), .text("display_name"), .text("instance_name"), .text("account_id"), .text("domain_id"),
            .text("zone_id"), .optionalText("pod_id"), .optionalText("cluster_id"), .optionalText("host_id"),
            .optionalText("last_host_id"), .text("template_id"), .optionalText("iso_id"), .text("service_offering_id"),
            .optionalText("disk_offering_id"), .int("cpu_number"), .int("cpu_speed"), .int("memory"), .text("state"),
            .bool("ha_enabled"), .optionalText("group"), .optionalText("user_data"), .optionalText("keypairs"),
            .text("details"), .optionalText("password"), .text("guest_os_id"), .date("created"), .optionalDate("removed"),
            .int("row_version"),
        ])
        try await db.createIndex("vm_instance_instance_name", on: "vm_instance", "instance_name", unique: true)
        try await db.createIndex("vm_instance_account", on: "vm_instance", "account_id")
        try await db.createIndex("vm_instance_host", on: "vm_instance", "host_id")
        try await db.createIndex("vm_instance_state", on: "vm_instance", "state")

        try await db.createTable("volume", [
            .text("name"), .text("account_id"), .text("domain_id"), .text("zone_id"), .optionalText("pool_id"),
            .optionalText("vm_id"), .optionalInt("device_id"), .text("type"), .int("size_bytes"),
            .optionalText("disk_offering_id"), .optionalText("template_id"), .text("format"), .optionalText("path"),
            .text("state"), .date("created"), .optionalDate("removed"), .int("row_version"),
        ])
        try await db.createIndex("volume_vm", on: "volume", "vm_id")
        try await db.createIndex("volume_account", on: "volume", "account_id")
        try await db.createIndex("volume_pool", on: "volume", "pool_id")

        try await db.createTable("nic", [
            .text("vm_id"), .text("network_id"), .optionalText("ip_address"), .optionalText("netmask"),
            .optionalText("gateway"), .text("mac_address"), .bool("is_default"), .int("device_id"),
            .optionalText("broadcast_uri"), .date("created"), .optionalDate("removed"),
        ])
        try await db.createIndex("nic_vm", on: "nic", "vm_id")
        try await db.createIndex("nic_network", on: "nic", "network_id")
        // A live address and a live MAC are never handed out twice, whatever the workflows get wrong.
        try await db.raw("CREATE UNIQUE INDEX nic_live_address ON nic (network_id, ip_address) WHERE removed IS NULL").run()
        try await db.raw("CREATE UNIQUE INDEX nic_live_mac ON nic (mac_address) WHERE removed IS NULL").run()

        try await db.createTable("number_sequence", [.int("value")])
        try await db.createTable("account_number", [.int("number")])
        try await db.createIndex("account_number_number", on: "account_number", "number", unique: true)
        try await db.createTable("capacity_allocation", [.int("cpu_mhz"), .int("memory_bytes"), .int("storage_bytes")])
    }
}
