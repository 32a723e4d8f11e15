import SQLKit

extension Migrations {
    /// Accounts, the infrastructure inventory, networks, offerings, settings, events and jobs.
    static let initialInventory = Migration("0001_initial_inventory") { db in
        try await db.createTable("region", [.int("id"), .text("name"), .text("endpoint")])
        try await db.createTable("domain", [
            .text("name"), .optionalText("parent_id"), .text("path"), .int("level"),
            .optionalText("network_domain"), .text("state"), .date("created"),
        ])
        try await db.createIndex("domain_path", on: "domain", "path", unique: true)
        try await db.createTable("account", [
            .text("name"), .int("type"), .text("domain_id"), .text("state"), .optionalText("network_domain"),
            .date("created"), .optionalDate("removed"),
        ])
        try await db.createTable("user", [
            .text("account_id"), .text("username"), .text("password_hash"), .text("firstname"), .text("lastname"),
            .optionalText("email"), .optionalText("timezone"), .text("state"), .optionalText("api_key"),
            .optionalText("secret_key"), .bool("is_default"), .date("created"), .optionalDate("removed"),
        ])
        try await db.createIndex("user_api_key", on: "user", "api_key", unique: true)
        try await db.createTable("session", [.text("user_id"), .date("created"), .date("last_seen")])

        try await db.createTable("zone", [
            .text("name"), .optionalText("description"), .text("network_type"), .text("dns1"), .optionalText("dns2"),
            .text("internal_dns1"), .optionalText("internal_dns2"), .optionalText("ip6_dns1"), .optionalText("ip6_dns2"),
            .optionalText("guest_cidr"), .optionalText("network_domain"), .optionalText("domain_id"),
            .text("allocation_state"), .bool("security_groups_enabled"), .bool("local_storage_enabled"),
            .bool("is_edge"), .text("token"), .date("created"),
        ])
        try await db.createIndex("zone_name", on: "zone", "name", unique: true)
        try await db.createTable("pod", [
            .text("name"), .text("zone_id"), .text("gateway"), .text("netmask"), .optionalText("start_ip"),
            .optionalText("end_ip"), .text("allocation_state"), .date("created"),
        ])
        try await db.createTable("cluster", [
            .text("name"), .text("pod_id"), .text("zone_id"), .text("hypervisor"), .text("cluster_type"),
            .text("allocation_state"), .text("managed_state"), .date("created"),
        ])
        try await db.createTable("host", [
            .text("name"), .text("type"), .text("zone_id"), .optionalText("pod_id"), .optionalText("cluster_id"),
            .text("ip_address"), .text("hypervisor"), .optionalText("hypervisor_version"), .optionalText("version"),
            .text("status"), .text("resource_state"), .int("cpu_sockets"), .int("cpu_number"), .int("cpu_speed"),
            .int("total_memory"), .optionalDate("last_pinged"), .optionalText("management_server_id"),
            .optionalText("guid"), .int("row_version"), .date("created"), .optionalDate("removed"),
        ])
        try await db.createTable("storage_pool", [
            .text("name"), .text("zone_id"), .optionalText("pod_id"), .optionalText("cluster_id"), .text("scope"),
            .text("pool_type"), .text("host"), .text("path"), .text("url"), .optionalText("hypervisor"),
            .text("provider"), .optionalText("tags"), .text("state"), .int("capacity_bytes"), .int("used_bytes"),
            .int("allocated_bytes"), .date("created"),
        ])
        try await db.createTable("image_store", [
            .text("name"), .optionalText("zone_id"), .text("provider"), .text("protocol_name"), .text("url"),
            .text("scope"), .bool("read_only"), .text("details"), .optionalInt("total_bytes"),
            .optionalInt("used_bytes"), .date("created"),
        ])

        try await db.createTable("physical_network", [
            .text("name"), .text("zone_id"), .text("state"), .optionalText("isolation_methods"), .optionalText("vlan"),
            .text("broadcast_domain_range"), .optionalText("network_speed"), .optionalText("tags"),
            .optionalText("domain_id"), .date("created"),
        ])
        try await db.createTable("traffic_type", [
            .text("physical_network_id"), .text("traffic_type"), .optionalText("kvm_network_label"), .date("created"),
        ])
        try await db.createTable("network_offering", [
            .text("name"), .text("display_text"), .text("guest_ip_type"), .text("traffic_type"), .text("state"),
            .bool("is_default"), .bool("specify_vlan"), .bool("specify_ip_ranges"), .text("availability"),
            .bool("conserve_mode"), .bool("for_vpc"), .text("services"), .date("created"),
        ])
        try await db.createTable("network", [
            .text("name"), .text("display_text"), .text("zone_id"), .text("network_offering_id"),
            .optionalText("physical_network_id"), .text("account_id"), .text("domain_id"), .text("guest_type"),
            .text("traffic_type"), .text("acl_type"), .bool("subdomain_access"), .text("state"), .optionalText("gateway"), .optionalText("netmask"),
            .optionalText("cidr"), .optionalText("vlan"), .optionalText("network_domain"), .optionalText("dns1"),
            .optionalText("dns2"), .date("created"), .optionalDate("removed"),
        ])
        try await db.createTable("vlan_ip_range", [
            .text("zone_id"), .optionalText("pod_id"), .optionalText("network_id"), .optionalText("physical_network_id"),
            .text("vlan"), .text("gateway"), .text("netmask"), .text("start_ip"), .text("end_ip"),
            .bool("for_virtual_network"), .optionalText("account_id"), .optionalText("domain_id"), .date("created"),
        ])

        try await db.createTable("service_offering", [
            .text("name"), .text("display_text"), .optionalInt("cpu_number"), .optionalInt("cpu_speed"),
            .optionalInt("memory"), .optionalInt("min_cpu_number"), .optionalInt("max_cpu_number"),
            .optionalInt("min_memory"), .optionalInt("max_memory"), .bool("is_customized"), .text("storage_type"),
            .text("provisioning_type"), .bool("offer_ha"), .bool("limit_cpu_use"), .bool("is_volatile"),
            .bool("dynamic_scaling_enabled"), .bool("encrypt_root"), .optionalText("host_tags"), .optionalText("storage_tags"),
            .optionalInt("network_rate"), .optionalInt("root_disk_size"), .optionalText("disk_offering_id"),
            .bool("disk_offering_strictness"), .optionalInt("bytes_read_rate"), .optionalInt("bytes_write_rate"),
            .optionalInt("iops_read_rate"), .optionalInt("iops_write_rate"), .optionalText("cache_mode"),
            .optionalText("deployment_planner"), .bool("is_system"), .optionalText("system_vm_type"),
            .optionalText("domain_ids"), .optionalText("zone_ids"), .int("sort_key"), .text("state"), .date("created"),
            .optionalDate("removed"),
        ])
        try await db.createTable("disk_offering", [
            .text("name"), .text("display_text"), .int("disk_size"), .bool("is_customized"), .text("storage_type"),
            .optionalText("tags"), .text("provisioning_type"), .bool("display_offering"), .bool("is_customized_iops"),
            .optionalInt("min_iops"), .optionalInt("max_iops"), .optionalInt("bytes_read_rate"), .optionalInt("bytes_write_rate"),
            .optionalInt("iops_read_rate"), .optionalInt("iops_write_rate"), .optionalText("cache_mode"),
            .bool("disk_size_strictness"), .bool("encrypt"), .optionalText("domain_ids"), .optionalText("zone_ids"),
            .int("sort_key"), .text("state"), .date("created"), .optionalDate("removed"),
        ])
        try await db.createTable("os_category", [.text("name")])
        try await db.createTable("os_type", [.text("description"), .text("category_id"), .bool("is_user_defined")])
        try await db.createTable("configuration", [
            .text("name"), .optionalText("value"), .optionalText("default_value"), .text("category"),
            .text("description"), .text("component"), .text("scope"), .bool("is_dynamic"), .text("value_type"),
        ], primaryKey: "name")

        try await db.createTable("event", [
            .text("type"), .text("level"), .text("description"), .text("state"), .text("account_id"),
            .text("domain_id"), .optionalText("user_id"), .optionalText("resource_id"), .optionalText("resource_type"),
            .optionalText("parent_id"), .date("created"),
        ])
        try await db.createTable("alert", [
            .int("type"), .text("name"), .text("subject"), .optionalText("zone_id"), .optionalText("pod_id"),
            .optionalText("cluster_id"), .date("sent"), .bool("archived"),
        ])
        try await db.createTable("async_job", [
            .text("account_id"), .text("user_id"), .text("command"), .text("parameters"), .int("status"),
            .int("result_code"), .optionalText("result"), .optionalText("instance_type"), .optionalText("instance_id"),
            .text("management_server_id"), .date("created"), .optionalDate("completed"),
        ])
        try await db.createIndex("async_job_status", on: "async_job", "status")
        try await db.createTable("management_server", [.text("name"), .text("version"), .date("created")])
    }
}
