import DomainModel

/// The global settings Cumulo knows, with their defaults and what they mean.
public enum SettingsCatalog {
    public static let all: [ConfigurationSetting] = [
        setting("secstorage.allowed.internal.sites", "", "Advanced",
                "Comma-separated addresses or CIDRs on internal networks that template and ISO downloads may fetch from"),
        setting("secstorage.max.concurrent.downloads", "3", "Storage",
                "Template and ISO downloads that may run at the same time in one zone", type: "Integer"),
        setting("secstorage.download.timeout", "60", "Storage",
                "Seconds a template or ISO download may receive nothing before it fails", type: "Integer"),
        setting("secstorage.download.retries", "2", "Storage",
                "How often a template or ISO download is retried after a connection error or a server error (5xx)", type: "Integer"),
        setting("extract.url.expiration.interval", "14400", "Advanced",
                "Seconds a template or ISO download link from extractTemplate or extractIso stays valid", type: "Integer"),
        setting("instance.name", "VM", "Advanced",
                "The last part of every new VM's instance name (i-<account>-<number>-<this>): letters and digits"),
        setting("vm.stop.timeout", "60", "Advanced",
                "Seconds a stop waits for the guest to shut down before the VM is powered off", type: "Integer"),
        setting("expunge.delay", "86400", "Advanced",
                "Seconds a destroyed instance waits before it is expunged", type: "Integer"),
        setting("expunge.interval", "86400", "Advanced",
                "Seconds between runs of the expunge task", type: "Integer"),
        setting("ping.interval", "60", "Advanced",
                "Seconds between the pings an agent sends", type: "Integer"),
        setting("ping.timeout", "2.5", "Advanced",
                "Multiple of ping.interval after which a silent host is considered down", type: "Float"),
        setting("agent.connect.wait", "30", "Advanced",
                "Seconds addHost waits for the host's cumulo-agent to connect", type: "Integer"),
        setting("cpu.overprovisioning.factor", "1.0", "Advanced",
                "Multiplier applied to host CPU capacity when placing instances", type: "Float"),
        setting("mem.overprovisioning.factor", "1.0", "Advanced",
                "Multiplier applied to host memory when placing instances", type: "Float"),
        setting("storage.overprovisioning.factor", "2", "Storage",
                "Multiplier applied to primary storage capacity when placing volumes", type: "Float"),
        setting("default.page.size", "500", "Advanced",
                "The page size list commands use when none is given, and the largest allowed", type: "Integer"),
        setting("account.cleanup.interval", "86400", "Advanced",
                "Seconds between runs of the removed-account cleanup", type: "Integer"),
        setting("max.template.iso.size", "50", "Storage",
                "Largest template or ISO that may be registered, in GB", type: "Integer"),
        setting("host.maintenance.timeout", "300", "Advanced",
                "Seconds a host may stay in PrepareForMaintenance before the attempt is marked failed", type: "Integer"),
        setting("api.sessionkey.cookie.samesite", "Lax", "Security",
                "SameSite attribute of the sessionkey cookie"),
        setting("session.timeout", "1800", "Security",
                "Seconds of inactivity after which a login session ends", type: "Integer"),
        setting("incorrect.login.attempts.allowed", "5", "Security",
                "Failed logins after which a user is locked until an administrator enables it again", type: "Integer"),
        setting("login.source.failures.allowed", "20", "Security",
                "Failed logins a minute from one address before its logins are refused without a password check", type: "Integer"),
        setting("api.signature.max.lifetime", "86400", "Security",
                "Seconds ahead of now the expires of a signed request (signatureVersion 3) may lie", type: "Integer"),
        setting("expose.cloudstack.version.api.list.capabilities", "true", "Advanced",
                "Whether listCapabilities reports the API version", type: "Boolean"),
    ]

    /// The smallest value each numeric setting may take; a smaller one would stop the cloud working.
    public static let minimums: [String: Double] = [
        "expunge.delay": 0, "agent.connect.wait": 0, "vm.stop.timeout": 1, "expunge.interval": 1, "ping.interval": 1, "ping.timeout": 1,
        "cpu.overprovisioning.factor": 1, "mem.overprovisioning.factor": 1, "storage.overprovisioning.factor": 1,
        "default.page.size": 1, "account.cleanup.interval": 1, "max.template.iso.size": 1,
        "host.maintenance.timeout": 1, "session.timeout": 60, "api.signature.max.lifetime": 60, "incorrect.login.attempts.allowed": 1,
        "login.source.failures.allowed": 1,
        "secstorage.max.concurrent.downloads": 1, "secstorage.download.timeout": 1, "secstorage.download.retries": 0,
        "extract.url.expiration.interval": 60,
    ]

    /// The largest value a numeric setting may take unless `maximums` says otherwise: any second count or
    /// size fits, and arithmetic on it (durations, page offsets) never overflows.
    public static func maximum(for setting: ConfigurationSetting) -> Double? {
        if let maximum = maximums[setting.name] { return maximum }
        switch setting.valueType {
        case "Integer": return Double(Int32.max)
        case "Float": return 1_000_000
        default: return nil
        }
    }

    /// Settings whose largest value is smaller than their type's.
    public static let maximums: [String: Double] = [
        "ping.timeout": 1000, "cpu.overprovisioning.factor": 1000, "mem.overprovisioning.factor": 1000,
        "storage.overprovisioning.factor": 1000, "max.template.iso.size": 1_048_576,
    ]

    static func setting(_ name: String, _ value: String, _ category: String, _ description: String, type: String = "String") -> ConfigurationSetting {
        ConfigurationSetting(name: name, value: value, defaultValue: value, category: category, description: description, valueType: type)
    }

    public static func definition(_ name: String) -> ConfigurationSetting? {
        all.first { $0.name == name }
    }
}
